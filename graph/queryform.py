"""Ad-hoc SPARQL (``tdkt query``): which form a query is, clear messages for what is not a query, and results.

The form (SELECT, ASK, CONSTRUCT, DESCRIBE) is read by pyoxigraph's own parser,
preparing the query over an empty in-memory store (nothing is evaluated, so
nothing is fetched). A SPARQL update is recognised by its first keyword after
the prologue and refused: only the build pipeline writes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from tdkt.graph.export import export
from tdkt.graph.results import Rows, render
from tdkt.graph.store.base import Store
from tdkt.kernel.errors import QueryError

FORMS = {ox.QuerySolutions: "SELECT", ox.QueryBoolean: "ASK", ox.QueryTriples: "CONSTRUCT"}
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")
ROW_FORMATS = ("table", "csv", "tsv", "json", "jsonl")
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")
_PROLOGUE = re.compile(r"\s*(?:#[^\n]*\n?|(?:PREFIX\s+[^\s:]*:|BASE)\s*<[^>]*>)", flags=re.IGNORECASE)
_POSITION = re.compile(r"error at (\d+):(\d+): ")
_QUERY_FILE_SUFFIXES = (".rq", ".sparql", ".txt", ".ru")


def query_text(argument: str) -> str:
    """The query: the text of the file ``argument`` names, or ``argument`` itself when it is SPARQL."""
    path = Path(argument)
    try:
        if path.is_file():
            return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"cannot read the query file {argument}: {exc}") from exc
    looks_like_path = not re.search(r"[{}?\s]", argument.strip()) and (
        "/" in argument or "\\" in argument or argument.lower().endswith(_QUERY_FILE_SUFFIXES))
    if looks_like_path:
        raise QueryError(f"no query file at {argument}: give the path of a file holding a SPARQL query, "
                         "or the query itself as text")
    return argument


def _first_keyword(text: str) -> str:
    at = 0
    while True:
        found = _PROLOGUE.match(text, at)
        if not found or found.end() == at:
            break
        at = found.end()
    word = re.match(r"\s*([A-Za-z]+)", text[at:])
    return word.group(1).upper() if word else ""


def syntax_message(text: str, error: str) -> str:
    """pyoxigraph's syntax error as one complete line: where, what was expected (briefly), and the text there."""
    flat = " ".join(error.split())
    found = _POSITION.match(flat)
    if not found:
        return f"SPARQL syntax error: {flat}"
    line, column = int(found.group(1)), int(found.group(2))
    lines = text.splitlines() or [""]
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    near = source[max(column - 1, 0):][:40].strip()
    if "Prefix not found" in flat:
        prefix = re.match(r"([^\s:]*):", source[max(column - 1, 0):] or "")
        name = prefix.group(1) if prefix else near.split(":")[0]
        if not prefix:  # the column may point past the prefix: find the prefixed name that ends there
            names = [m for m in re.finditer(r"([A-Za-z_][\w.-]*|):[\w-]*", source) if m.start() < column]
            name = names[-1].group(1) if names else name
        return (f"SPARQL syntax error at line {line}, column {column}: the prefix '{name}:' is not declared "
                f"(add PREFIX {name}: <...> before the query)")
    expected = flat[found.end():]
    if len(expected) > 120:
        expected = expected[:117].rsplit(" ", 1)[0] + " ..."
    where = f" near '{near}'" if near else " at the end of the query"
    return f"SPARQL syntax error at line {line}, column {column}{where}: {expected}"


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; a :class:`QueryError` for an update, a syntax error or no query."""
    if not text.strip():
        raise QueryError("no query given: write a SELECT, ASK, CONSTRUCT or DESCRIBE query")
    keyword = _first_keyword(text)
    if keyword in UPDATE_KEYWORDS:
        raise QueryError(f"this is a SPARQL update ({keyword} ...), and tdkt query only reads; "
                         "change the graph with 'tdkt load' or 'tdkt build'")
    try:
        result = ox.Store().query(text)
    except SyntaxError as exc:
        raise QueryError(syntax_message(text, str(exc))) from exc
    form = next((name for kind, name in FORMS.items() if isinstance(result, kind)), "")
    if form == "CONSTRUCT" and keyword == "DESCRIBE":
        return "DESCRIBE"
    return form


def run_query_text(store: Store, text: str) -> tuple[str, Rows | bool | list[ox.Triple]]:
    """The query's form and its result: rows, a boolean, or triples."""
    form = query_form(text)
    if form == "SELECT":
        return form, store.select(text)
    if form == "ASK":
        return form, store.ask(text)
    return form, store.construct(text)


def render_graph(triples: list[ox.Triple], fmt: str) -> bytes:
    """A CONSTRUCT or DESCRIBE result as Turtle, N-Triples or JSON-LD (sorted, prefixes of the project)."""
    if fmt not in GRAPH_FORMATS:
        raise QueryError(f"a graph result is written as {', '.join(GRAPH_FORMATS)}, not {fmt}")
    return export([ox.Quad(t.subject, t.predicate, t.object) for t in triples], fmt)


def formats(form: str) -> tuple[str, ...]:
    """The formats a result of this form is written in, the default first."""
    return GRAPH_FORMATS if form in ("CONSTRUCT", "DESCRIBE") else ROW_FORMATS


def answer(store: Store, text: str, fmt: str | None = None) -> bytes:
    """The query's result written out: rows and booleans as ``ROW_FORMATS`` (default: a table), triples as
    ``GRAPH_FORMATS`` (default: Turtle); a boolean in CSV or TSV is one column, ``answer``."""
    form, result = run_query_text(store, text)
    fmt = fmt or formats(form)[0]
    if fmt not in formats(form):
        raise QueryError(f"a {form} query is written as {', '.join(formats(form))}, not {fmt}")
    if isinstance(result, Rows):
        return render(result, fmt).encode("utf-8")
    if isinstance(result, bool):
        value = "true" if result else "false"
        return (f"answer\n{value}\n" if fmt in ("csv", "tsv") else f"{value}\n").encode("utf-8")
    return render_graph(result, fmt)
