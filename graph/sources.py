"""What a build reads (:class:`Sources`) and what it reports (:class:`BuildReport`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from tdkt.graph.rdfinput import is_rdf_file
from tdkt.loaders.records import RecordsDocument
from tdkt.loaders.structured import find_documents

Progress = Callable[[str], None]



@dataclass(frozen=True)
class Article:
    """A news article to extract records from (``loaders.articles``)."""

    path: Path


Item = Path | Article | RecordsDocument


@dataclass(frozen=True)
class Sources:
    """What a build reads: records documents (JSON, YAML, CSV folders) and RDF files by path, articles to
    extract, and documents already parsed. Triples of RDF files outside a named graph go to ``rdf_graph``
    (default: one graph per file)."""

    paths: tuple[Path, ...] = ()
    articles: tuple[Path, ...] = ()
    documents: tuple[RecordsDocument, ...] = ()
    rdf_graph: str | None = None

    @classmethod
    def folder(cls, data_dir: Path, articles: Sequence[Path] = (),
               documents: Sequence[RecordsDocument] = ()) -> Sources:
        """Every records document of a data folder, and the given articles and documents."""
        return cls(tuple(find_documents(data_dir)), tuple(articles), tuple(documents))

    @property
    def rdf_files(self) -> list[Path]:
        return [p for p in self.paths if p.is_file() and is_rdf_file(p)]

    def items(self) -> list[Item]:
        """The documents to read or extract, in order."""
        rdf = set(self.rdf_files)
        return [*(p for p in self.paths if p not in rdf), *map(Article, self.articles), *self.documents]


@dataclass(frozen=True)
class BuildReport:
    documents: int  # records documents (and extracted articles) written
    graphs: int  # graphs written: documents, RDF files' graphs, reference and derived graphs
    quads: int  # quads written
    rdf_files: int = 0
    reference_written: bool = False
    seconds: float = 0.0
    writer: str = ""
    dropped: int = 0  # source graphs dropped because the build's folder no longer holds them

    @property
    def quads_per_second(self) -> float:
        return self.quads / self.seconds if self.seconds else 0.0


LoadReport = BuildReport
