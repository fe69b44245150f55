"""The SPARQL 1.1 Protocol rules of the local endpoint, independent of the web framework.

- Every request is parsed with rdflib first: an update (INSERT DATA, DROP,
  LOAD, ...) is refused (403, the endpoint is read-only), a query that uses
  ``SERVICE`` anywhere (subqueries, OPTIONAL, FILTER EXISTS) is refused (403:
  every engine in our stack would follow it, and echo what it fetched), and
  a request rdflib cannot read is refused (400) because it cannot be checked.
- Results are negotiated: SPARQL JSON (default), XML, CSV and TSV for SELECT
  and ASK; Turtle (default), N-Triples, RDF/XML and JSON-LD for CONSTRUCT and
  DESCRIBE. ``?format=json|xml|csv|tsv|turtle|ntriples|rdfxml|jsonld`` overrides.
- Results are capped at a row limit (triples for graphs). A capped result is
  marked, never silent: header ``X-Tdkt-Truncated: true`` (always present,
  ``false`` otherwise) with ``X-Tdkt-Row-Limit``; in SPARQL JSON also a
  ``head.link`` entry ``urn:tdkt:truncated`` and ``"truncated": true``; in
  SPARQL XML the same ``<link>`` in the head.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from tdkt.queries.catalogue import get_query

TRUNCATED_LINK = "urn:tdkt:truncated"
CANCELLED = "The SPARQL operation has been cancelled"
_PARSE_LOCK = threading.Lock()  # pyparsing's packrat cache is shared state

RESULT_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
}
GRAPH_TYPES = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/n-triples": "ntriples",
    "text/plain": "ntriples", "application/rdf+xml": "rdfxml", "application/ld+json": "jsonld",
}
RESULT_FORMATS = {
    "json": (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    "xml": (ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    "csv": (ox.QueryResultsFormat.CSV, "text/csv"),
    "tsv": (ox.QueryResultsFormat.TSV, "text/tab-separated-values"),
}
GRAPH_FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, "text/turtle"),
    "ntriples": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "rdfxml": (ox.RdfFormat.RDF_XML, "application/rdf+xml"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
}
MAX_NESTING = 100  # brackets and braces; rdflib and pyoxigraph recurse per level (pyoxigraph crashes near 3,000)
_LITERALS = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                       r'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_BRACKETS = re.compile(r"[{}()\[\]]")
FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


class ProtocolError(Exception):
    """A request the endpoint answers with an error status and a one-line reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _names(node: Any) -> Iterator[str]:
    if isinstance(node, CompValue):
        yield node.name
        for value in node.values():
            yield from _names(value)
    elif isinstance(node, list | tuple | ParseResults):
        for value in node:
            yield from _names(value)
    elif isinstance(node, dict):
        for value in node.values():
            yield from _names(value)


def without_literals(text: str) -> str:
    """The query text with its strings, IRIs and comments blanked: what is left is syntax."""
    return _LITERALS.sub(" ", text)


def check_nesting(text: str, limit: int = MAX_NESTING) -> None:
    """Refuse (400) a query nested deeper than ``limit`` brackets and braces, before any parser recurses."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(without_literals(text)):
        depth += 1 if bracket in "{([" else -1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                raise ProtocolError(400, f"the query is nested more than {limit} levels deep (brackets and "
                                         "braces); this endpoint reads queries up to that depth")


@functools.lru_cache(maxsize=64)
def check_query(text: str) -> str:
    """The query form (SELECT, ASK, CONSTRUCT, DESCRIBE) of an acceptable query; else :class:`ProtocolError`.

    The verdict depends on the text alone, so an accepted text sent again (the query page's re-runs, a named
    query's bound text) is not parsed again: rdflib takes ~0.5 s over the longest named query. Refusals raise
    and are never remembered; the query itself always runs.
    """
    if not text.strip():
        raise ProtocolError(400, "no query given")
    check_nesting(text)
    with _PARSE_LOCK:
        try:
            tree = parseQuery(text)
        except RecursionError:
            raise ProtocolError(400, "the query is nested too deeply to be read") from None
        except ParseException as exc:
            try:
                parseUpdate(text)
            except ParseException:
                raise ProtocolError(400, f"not a SPARQL query this endpoint can check: {exc}") from exc
            raise ProtocolError(403, "SPARQL Update is refused: this endpoint is read-only") from exc
        names = set(_names(tree))
    if "ServiceGraphPattern" in names:
        raise ProtocolError(403, "federated queries (SERVICE) are refused: this endpoint never calls other servers")
    for name, form in FORMS.items():
        if name in names:
            return form
    raise ProtocolError(400, "not a SELECT, ASK, CONSTRUCT or DESCRIBE query")


@functools.cache
def named_form(name: str) -> str:
    """The form of a named query, checked once per name: its bound texts (``VALUES`` blocks of serialised terms
    added to it) share it."""
    return check_query(get_query(name).text)


def accepted(accept: str) -> list[str]:
    """Media types of an Accept header, best first (q-values honoured, ties in order)."""
    items = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((-q, i, media))
    return [m for _, _, m in sorted(items)]


def negotiate(form: str, accept: str | None, override: str | None) -> str:
    """The result format key for a query form, from ``?format=`` or the Accept header."""
    graph = form in ("CONSTRUCT", "DESCRIBE")
    table = GRAPH_TYPES if graph else RESULT_TYPES
    formats = GRAPH_FORMATS if graph else RESULT_FORMATS
    if override:
        key = override.lower()
        if key in formats:
            return key
        if key in table:
            return table[key]
        raise ProtocolError(406, f"format '{override}' is not offered for {form}; use {', '.join(formats)}")
    wanted = accepted(accept or "*/*")
    for media in wanted:
        if media in table:
            return table[media]
        if media in ("*/*", "application/*", "text/*"):
            return "turtle" if graph else "json"
    raise ProtocolError(406, f"none of the accepted types is offered for {form}; offered: {', '.join(table)}")


@dataclass
class Result:
    body: bytes
    media_type: str
    truncated: bool
    rows: int


def _mark_json(body: bytes) -> bytes:
    data = json.loads(body)
    head = data.setdefault("head", {})
    head.setdefault("link", []).append(TRUNCATED_LINK)
    data["truncated"] = True
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _mark_xml(body: bytes) -> bytes:
    link = f'<link href="{TRUNCATED_LINK}"/>'.encode()
    if b"<head/>" in body:
        return body.replace(b"<head/>", b"<head>" + link + b"</head>", 1)
    return re.sub(rb"</head>", link + b"</head>", body, count=1)


def solutions_result(tsv_lines: list[bytes], truncated: bool, fmt: str) -> Result:
    """SELECT rows (a TSV header line and rows, as the store sent them) in the format asked for."""
    body, media = _reformat(b"\n".join(tsv_lines) + b"\n", ox.QueryResultsFormat.TSV, fmt)
    if truncated and fmt == "json":
        body = _mark_json(body)
    elif truncated and fmt == "xml":
        body = _mark_xml(body)
    return Result(body, media, truncated, max(len(tsv_lines) - 1, 0))


def boolean_result(json_body: bytes, fmt: str) -> Result:
    body, media = _reformat(json_body, ox.QueryResultsFormat.JSON, fmt)
    return Result(body, media, False, 1)


def _reformat(data: bytes, given: ox.QueryResultsFormat, fmt: str) -> tuple[bytes, str]:
    """Results as the store sent them, in the format asked for, with its media type."""
    try:
        parsed = ox.parse_query_results(data, format=given)
        rdf_format, media = RESULT_FORMATS[fmt]
        body = parsed.serialize(format=rdf_format)
    except (SyntaxError, ValueError) as exc:
        raise ProtocolError(502, f"the store returned a result that cannot be read: {exc}") from exc
    assert body is not None
    return body, media


def graph_result(ntriples_lines: list[bytes], truncated: bool, fmt: str) -> Result:
    data = b"\n".join(ntriples_lines) + b"\n"
    try:
        triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
        rdf_format, media = GRAPH_FORMATS[fmt]
        body = ox.serialize(triples, format=rdf_format)
    except (SyntaxError, ValueError) as exc:
        raise ProtocolError(502, f"the store returned a graph that cannot be read: {exc}") from exc
    assert body is not None
    return Result(body, media, truncated, len(triples))
