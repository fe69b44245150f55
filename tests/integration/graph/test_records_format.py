"""The records format as RECORDS.md now writes it: national blocs, every conference kind, null fields.

Every hand-made gold file (the corpus's and the dev set's) loads as it is, and the graph
built from all of them passes its shapes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tdkt.graph.build import build
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.graph.validate import validate_store
from tdkt.queries.library import run_query
from tests.unit.loaders.test_records_format import _gold_files


@pytest.fixture(scope="module")
def every_gold(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("every-gold")
    for path in _gold_files(shared_dir):
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="module")
def every_gold_store(every_gold: Path) -> OxigraphStore:
    store = OxigraphStore(None)
    build(store, every_gold)
    return store


def test_the_graph_of_every_gold_file_conforms(every_gold_store: OxigraphStore) -> None:
    report = validate_store(every_gold_store)
    assert report.conforms, report.text()


def test_national_blocs_have_no_province_and_are_marked(every_gold_store: OxigraphStore) -> None:
    rows = every_gold_store.select(
        """PREFIX tdkt: <https://w3id.org/tdkt/ontology#>
           PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
           SELECT ?bloc ?label ?province WHERE {
             ?bloc a tdkt:SupraProvincialBloc ; skos:prefLabel ?label .
             OPTIONAL { ?bloc tdkt:province ?province }
           }""").dicts()
    assert len(rows) >= 10
    assert all(row["province"] is None for row in rows)
    assert all("/bloc/vn/" in str(row["bloc"]) for row in rows)


def test_a_bloc_without_province_or_national_mark_breaks_the_shapes(every_gold_store: OxigraphStore) -> None:
    store = OxigraphStore(None)
    store.extend(every_gold_store.quads())
    store.raw.update(
        """PREFIX tdkt: <https://w3id.org/tdkt/ontology#>
           DELETE { ?b a tdkt:SupraProvincialBloc } WHERE { ?b a tdkt:SupraProvincialBloc } ;
           DELETE { GRAPH ?g { ?b a tdkt:SupraProvincialBloc } }
           WHERE { GRAPH ?g { ?b a tdkt:SupraProvincialBloc } }""")
    report = validate_store(store)
    assert not report.conforms
    assert any("multi-province or national" in f.message for f in report.violations)


def test_awards_without_grantor_reach_the_award_queries(every_gold_store: OxigraphStore) -> None:
    for name in ("award-history", "award-ladder", "view-awards"):
        rows = run_query(every_gold_store, name).dicts()
        assert any(r["grantorLabel"] is None for r in rows), name
        assert any(r["grantorLabel"] is not None for r in rows), name
    summary = run_query(every_gold_store, "awards-summary").dicts()
    assert any(r["grantor"] is None for r in summary)
