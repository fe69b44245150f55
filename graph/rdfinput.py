"""Untrusted RDF files in: Turtle, TriG, N-Triples, N-Quads, RDF/XML, JSON-LD.

Two traps are closed before any parser sees the bytes: XML documents with a
DOCTYPE (entity expansion bombs, external entities) are refused, and JSON-LD
whose context is anything but inline data (a remote or ``file:`` IRI) is
refused, so reading a file never reaches the network or the disk beyond it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from tdkt.kernel.errors import Problem, RecordError
from tdkt.kernel.limits import InputLimits, check_depth, check_size, too_deep

FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE, ".turtle": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".rdf": ox.RdfFormat.RDF_XML, ".owl": ox.RdfFormat.RDF_XML, ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", flags=re.IGNORECASE)


def is_rdf_file(path: Path) -> bool:
    return path.suffix.lower() in FORMATS


def _refuse(path: Path, reason: str) -> RecordError:
    return RecordError([Problem(str(path), "", "", reason)])


def _check_contexts(value: Any, path: Path) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "@context":
                _check_context(v, path)
            _check_contexts(v, path)
    elif isinstance(value, list):
        for item in value:
            _check_contexts(item, path)


def _check_context(context: Any, path: Path) -> None:
    items = context if isinstance(context, list) else [context]
    for item in items:
        if isinstance(item, str):
            raise _refuse(path, f"JSON-LD context '{item}' is a reference; only inline contexts are accepted "
                                "(nothing is fetched)")
        if isinstance(item, dict) and "@import" in item:
            raise _refuse(path, "JSON-LD '@import' in a context is refused (nothing is fetched)")


def read_rdf(path: Path, graph: ox.NamedNode) -> dict[ox.NamedNode, list[ox.Quad]]:
    """Quads of an RDF file by graph; triples outside a named graph go to ``graph``."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise _refuse(path, f"unknown RDF file type '{path.suffix}'")
    limits = InputLimits.from_env()
    check_size(path, limits)
    data = path.read_bytes()
    if fmt == ox.RdfFormat.RDF_XML and _DOCTYPE.search(data):
        raise _refuse(path, "XML with a DOCTYPE or ENTITY declaration is refused (entity expansion)")
    if fmt == ox.RdfFormat.JSON_LD:
        try:
            parsed_json = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise _refuse(path, f"invalid JSON-LD: {exc}") from exc
        except RecursionError:
            raise too_deep(str(path), limits) from None
        check_depth(parsed_json, str(path), limits)
        _check_contexts(parsed_json, path)
    try:
        parsed = list(ox.parse(data, format=fmt, base_iri=graph.value))
    except (SyntaxError, ValueError, OSError) as exc:
        raise _refuse(path, f"invalid {path.suffix} RDF: {exc}") from exc
    out: dict[ox.NamedNode, list[ox.Quad]] = {}
    for item in parsed:
        if isinstance(item, ox.Triple) or isinstance(item.graph_name, ox.DefaultGraph):
            quad = ox.Quad(item.subject, item.predicate, item.object, graph)
        else:
            quad = item
        if not isinstance(quad.graph_name, ox.NamedNode):
            raise _refuse(path, "graphs named by blank nodes are not supported")
        out.setdefault(quad.graph_name, []).append(quad)
    return out
