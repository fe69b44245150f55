"""The query engine of ``tdkt serve``: a worker process that answers queries on a store snapshot.

The proxy starts a few of these (:class:`web.backend.EnginePool`) and talks to
each over its standard input and output only: the engine listens on no port
and no socket, so no other program can reach the data around the proxy. Each
request carries the snapshot folder to read (a checkpoint of the store, see
:mod:`web.snapshots`, that nothing writes); the engine opens it read-only and
keeps it open until a request names a newer one, so every query runs on one
consistent snapshot.

The engine checks what it runs, inside the process the proxy kills when a
time limit passes, so parsing counts against the limit: the rdflib check of
:func:`web.sparql.check_query` (no update, no ``SERVICE``) for queries from
outside, and for every query a second, textual ``SERVICE`` guard, because
pyoxigraph follows ``SERVICE`` over HTTP. Where the system allows it, the
proxy also starts the engine in its own network namespace (no network at
all), so even a query that slipped past both checks could call nobody.

Messages are pickled, each preceded by its length (8 bytes, big-endian).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import re
import struct
import sys
from collections.abc import Iterator
from typing import IO, Any

import pyoxigraph as ox

HEADER = struct.Struct(">Q")
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SERVICE = re.compile(r"(?<![\w:?$.-])service(?![\w:-])", flags=re.IGNORECASE)


def send(stream: IO[bytes], message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(HEADER.pack(len(data)) + data)
    stream.flush()


def receive(stream: IO[bytes]) -> Any:
    """The next message, or None at the end of the stream."""
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        return None
    (size,) = HEADER.unpack(header)
    data = stream.read(size)
    if len(data) < size:
        return None
    return pickle.loads(data)


def mentions_service(query: str) -> bool:
    """Whether the query text has the keyword SERVICE outside strings, IRIs and comments (escapes decoded).

    A second guard behind rdflib's parse: it may refuse a query that merely names a variable ``?service``
    (no: variables are skipped) or a prefix ``service:`` (skipped too), and errs on the side of refusing.
    """
    from tdkt.web.sparql import without_literals

    text = _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), query)
    return bool(_SERVICE.search(without_literals(text)))


def _lines(items: Iterator[str], limit: int) -> tuple[list[bytes], bool]:
    lines: list[bytes] = []
    for item in items:
        if len(lines) >= limit:
            return lines, True
        lines.append(item.encode("utf-8"))
    return lines, False


def _tsv_term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    return "" if term is None else str(term)


class Engine:
    """Answers requests on the snapshot each names (opened read-only, reopened when it changes)."""

    def __init__(self) -> None:
        self.snapshot: str | None = None
        self.store: ox.Store | None = None

    def _open(self, snapshot: str) -> ox.Store:
        if snapshot != self.snapshot or self.store is None:
            self.store = None
            self.store = ox.Store.read_only(snapshot)
            self.snapshot = snapshot
        return self.store

    def handle(self, request: dict[str, Any]) -> dict[str, Any]:
        from tdkt.web.sparql import ProtocolError, check_query

        try:
            query: str = request["query"]
            form = check_query(query) if request.get("check", True) else request.get("form", "")
            if mentions_service(query):
                raise ProtocolError(403, "federated queries (SERVICE) are refused: this endpoint never calls "
                                         "other servers")
            store = self._open(request["snapshot"])
            return self._run(store, query, form, request)
        except ProtocolError as exc:
            return {"error": exc.status, "message": exc.message}
        except RecursionError:
            return {"error": 400, "message": "the query is nested too deeply to be read"}
        except SyntaxError as exc:
            return {"error": 400, "message": f"the store cannot read the query: {exc}"}
        except (RuntimeError, ValueError) as exc:
            return {"error": 400, "message": f"the store cannot run the query: {exc}"}
        except OSError as exc:
            return {"error": 503, "message": f"the store could not be read: {exc}"}

    def _run(self, store: ox.Store, query: str, form: str, request: dict[str, Any]) -> dict[str, Any]:
        kwargs: dict[str, Any] = {}
        if request.get("default_graphs"):
            kwargs["default_graph"] = [ox.NamedNode(g) for g in request["default_graphs"]]
        if request.get("named_graphs"):
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in request["named_graphs"]]
        limit: int = request.get("max_rows") or sys.maxsize
        result = store.query(query, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            body = ox.QueryBoolean.serialize(result, format=ox.QueryResultsFormat.JSON)
            return {"form": "ASK", "lines": [body], "truncated": False}
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            header = "\t".join(f"?{n}" for n in names)
            rows = ("\t".join(_tsv_term(s[n]) for n in names) for s in result)
            lines, truncated = _lines(rows, limit)
            return {"form": form or "SELECT", "lines": [header.encode(), *lines], "truncated": truncated}
        triples = (f"{t} ." for t in result)
        lines, truncated = _lines(triples, limit)
        return {"form": form or "CONSTRUCT", "lines": lines, "truncated": truncated}

    def dump(self, request: dict[str, Any]) -> dict[str, Any]:
        """Every quad of the named graphs as N-Quads (the default graph only repeats them)."""
        store = self._open(request["snapshot"])
        quads = (q for q in store if not isinstance(q.graph_name, ox.DefaultGraph))
        return {"data": ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""}


def main() -> None:
    """Serve requests from stdin until it closes; answers go to stdout (nothing else may write there)."""
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the answers
    with contextlib.suppress(OSError):
        os.nice(2)  # the proxy stays responsive while an engine computes
    from tdkt.web.sparql import check_query

    check_query("ASK {}")  # rdflib's grammar is built before the first query's time starts
    engine = Engine()
    send(answers, {"ready": os.getpid()})
    while True:
        request = receive(requests)
        if request is None:
            return
        if request.get("kind") == "dump":
            send(answers, engine.dump(request))
        else:
            send(answers, engine.handle(request))


if __name__ == "__main__":
    main()
