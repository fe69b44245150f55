"""SHACL validation of the whole graph against ``ontology/shapes.ttl`` (pySHACL)."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
import rdflib

from tdkt.graph.store.base import Store
from tdkt.kernel.errors import ShapeViolation
from tdkt.ontology import ontology_text

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")


@dataclass(frozen=True)
class Finding:
    severity: str
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"[{self.severity}] {self.focus}{path}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    findings: tuple[Finding, ...]

    @property
    def violations(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "Violation")

    def text(self) -> str:
        return "\n".join(str(f) for f in self.findings)


def shapes_graph() -> rdflib.Graph:
    graph = rdflib.Graph()
    text = ontology_text("shapes.ttl")
    graph.parse(data=text, format="turtle")
    return graph


def _entailment() -> str:
    return ontology_text("rdfs-entailment.rq")


def union_graph(quads: list[ox.Quad]) -> rdflib.Graph:
    """All graphs merged into one rdflib graph (pySHACL validates one graph), with the RDFS entailments the
    shapes may need, computed by Oxigraph (``ontology/rdfs-entailment.rq``)."""
    triples = {q.triple for q in quads}
    merged = ox.Store()
    merged.bulk_extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    entailed = merged.query(_entailment())
    assert isinstance(entailed, ox.QueryTriples)
    triples.update(entailed)
    data = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph()
    graph.parse(data=data, format="nt")
    return graph


def validate_quads(quads: list[ox.Quad]) -> ValidationReport:
    from pyshacl import validate as shacl

    data = union_graph(quads)
    _, report, _ = shacl(data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True,
                         advanced=True, abort_on_first=False)
    assert isinstance(report, rdflib.Graph)
    findings = []
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        severity = str(report.value(result, SH.resultSeverity) or SH.Violation).rsplit("#", 1)[-1]
        path = report.value(result, SH.resultPath)
        findings.append(Finding(severity, str(report.value(result, SH.focusNode)),
                                str(path) if isinstance(path, rdflib.URIRef) else "",
                                str(report.value(result, SH.resultMessage) or "")))
    findings.sort(key=lambda f: (f.severity != "Violation", f.focus, f.path, f.message))
    conforms = not any(f.severity == "Violation" for f in findings)
    return ValidationReport(conforms, tuple(findings))


def validate_store(store: Store) -> ValidationReport:
    return validate_quads(store.quads())


def require_conformance(report: ValidationReport) -> None:
    if not report.conforms:
        violations = report.violations
        raise ShapeViolation("\n".join(str(v) for v in violations), len(violations))
