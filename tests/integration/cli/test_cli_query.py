"""``tdkt query`` for every query form and output format, its three error messages, the store options after the
sub-command, no silent empty store, and a ``tdkt --help`` that imports nothing heavy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from tdkt.cli.main import main
from tdkt.cli.settings import DEFAULT_BASE as CLI_DEFAULT_BASE
from tdkt.graph.namespaces import DEFAULT_BASE
from tdkt.graph.store import open_view

TDKT = "https://w3id.org/tdkt/ontology#"
UNIT = "https://w3id.org/tdkt/id/unit/lai-chau/lien-doan-lao-dong-tinh-lai-chau"
ASK_TRUE = f"ASK {{ ?r <{TDKT}year> 2024 }}"
ASK_FALSE = f"ASK {{ ?r <{TDKT}year> 1066 }}"
CONSTRUCT = f"CONSTRUCT {{ ?r <{TDKT}year> ?y }} WHERE {{ ?r a <{TDKT}BlocRole> ; <{TDKT}year> ?y }}"
DESCRIBE = f"DESCRIBE <{UNIT}>"
PARSE = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
READ_COMMANDS = [["ask", "bloc-roles"], ["query", "ASK {}"], ["rotation"], ["validate"], ["check"], ["stats"],
                 ["export", "--format", "nquads"], ["view", "overview"]]


@pytest.fixture(scope="module")
def store(gold_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("query") / "store"
    assert main(["--store", str(path), "build", str(gold_dir), "-q"]) == 0
    return path


def tdkt(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, bytes, str]:
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out.encode(), captured.err


def triples(data: bytes, fmt: str) -> set[ox.Triple]:
    return {q.triple if isinstance(q, ox.Quad) else q for q in ox.parse(data, format=PARSE[fmt])}


def expected(store: Path, text: str) -> set[ox.Triple]:
    view = open_view(store)
    try:
        return set(view.construct(text))
    finally:
        view.close()


@pytest.mark.parametrize(("fmt", "true", "false"), [
    (None, "true\n", "false\n"), ("table", "true\n", "false\n"), ("csv", "answer\ntrue\n", "answer\nfalse\n"),
    ("tsv", "answer\ntrue\n", "answer\nfalse\n"), ("json", "true\n", "false\n"), ("jsonl", "true\n", "false\n")])
def test_ask_in_every_format(store: Path, capsys: pytest.CaptureFixture[str], fmt: str | None, true: str,
                             false: str) -> None:
    options = ["--format", fmt] if fmt else []
    assert tdkt(capsys, "--store", str(store), "query", ASK_TRUE, *options)[:2] == (0, true.encode())
    assert tdkt(capsys, "--store", str(store), "query", ASK_FALSE, *options)[:2] == (0, false.encode())
    if fmt in ("json", "jsonl"):
        assert json.loads(true) is True


@pytest.mark.parametrize("fmt", [None, "turtle", "ntriples", "jsonld"])
@pytest.mark.parametrize("text", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_graph_queries_in_every_format(store: Path, capsys: pytest.CaptureFixture[str], fmt: str | None,
                                       text: str) -> None:
    code, out, err = tdkt(capsys, "--store", str(store), "query", text, *(["--format", fmt] if fmt else []))
    assert code == 0, err
    want = expected(store, text)
    assert len(want) > 3
    assert triples(out, fmt or "turtle") == want


def test_a_graph_query_from_a_file_over_an_endpoint(remote_gold_store: object, oxigraph_server: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str], store: Path) -> None:
    query = tmp_path / "describe.rq"
    query.write_text(DESCRIBE, encoding="utf-8")
    code, out, err = tdkt(capsys, "query", str(query), "--format", "ntriples", "--endpoint",
                          f"{oxigraph_server}/query")
    assert code == 0, err
    assert triples(out, "ntriples") == expected(store, DESCRIBE)


def test_a_select_is_refused_graph_formats_and_a_construct_table_formats(
        store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = tdkt(capsys, "--store", str(store), "query", CONSTRUCT, "--format", "csv")
    assert code == 2 and "a CONSTRUCT query is written as turtle, ntriples, jsonld" in err
    code, _, err = tdkt(capsys, "--store", str(store), "query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
                        "--format", "turtle")
    assert code == 2 and "a SELECT query is written as table, csv, tsv, json, jsonl" in err


def test_a_missing_query_file_says_so(store: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nope.rq"
    code, _, err = tdkt(capsys, "--store", str(store), "query", str(missing))
    assert code == 1
    assert err == f"error: no query file at {missing}: give the path of a file holding a SPARQL query, " \
                  "or the query itself as text\n"


def test_a_syntax_error_is_one_complete_line(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = tdkt(capsys, "--store", str(store), "query", "SELECT * WHERE { ?s foo:bar ?o }")
    assert code == 1
    assert err == "error: SPARQL syntax error at line 1, column 28: the prefix 'foo:' is not declared " \
                  "(add PREFIX foo: <...> before the query)\n"
    code, _, err = tdkt(capsys, "--store", str(store), "query", "SELECT ?s WHERE {\n  ?s ?p \n}")
    assert code == 1 and err.count("\n") == 1
    assert err.startswith("error: SPARQL syntax error at line 3, column 2 at the end of the query: expected")
    code, _, err = tdkt(capsys, "--store", str(store), "query", "SELECT ?s WHER { ?s ?p ?o }")
    assert code == 1 and err.count("\n") == 1
    assert err == "error: SPARQL syntax error at line 1, column 16 near '{ ?s ?p ?o }': " \
                  "expected one of DISTINCT, WHERE\n"


@pytest.mark.parametrize("update", ["INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
                                   "PREFIX e: <http://e/>\n# a comment\nDELETE WHERE { ?s e:p ?o }",
                                   "DROP ALL", "LOAD <http://example.org/data.ttl>"])
def test_an_update_is_refused_as_an_update(store: Path, capsys: pytest.CaptureFixture[str], update: str) -> None:
    code, _, err = tdkt(capsys, "--store", str(store), "query", update)
    assert code == 1
    assert err.startswith("error: this is a SPARQL update (") and "tdkt query only reads" in err
    assert err.count("\n") == 1
    assert tdkt(capsys, "--store", str(store), "query", ASK_TRUE)[1] == b"true\n"


@pytest.mark.parametrize("command", READ_COMMANDS, ids=lambda c: c[0])
def test_store_options_work_after_the_sub_command(store: Path, capsys: pytest.CaptureFixture[str],
                                                  command: list[str]) -> None:
    before = tdkt(capsys, "--store", str(store), *command)
    after = tdkt(capsys, *command, "--store", str(store))
    assert after == before
    assert before[0] in (0, 1) and (before[1] or before[2])


def test_base_after_the_sub_command(store: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    other = tmp_path / "other"
    assert tdkt(capsys, "build", "-q", "--store", str(other), "--base", "http://example.org/id/")[0] == 0
    code, out, _ = tdkt(capsys, "query", "ASK { ?s ?p ?o FILTER(STRSTARTS(STR(?s), 'http://example.org/id/unit/')) }",
                        "--store", str(other))
    assert code == 0 and out == b"true\n"


@pytest.mark.parametrize("command", [*READ_COMMANDS, ["serve"]], ids=lambda c: c[0])
def test_no_command_but_build_and_load_makes_a_silent_empty_store(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "typo-store"
    result = subprocess.run([sys.executable, "-m", "tdkt", "--store", str(missing), *command], cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stdout
    assert str(missing) in result.stderr and result.stderr.count("\n") == 1 and result.stderr.startswith("error: ")
    assert not missing.exists() and not (tmp_path / "tdkt-store").exists()


def test_an_empty_folder_is_not_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    code, _, err = tdkt(capsys, "--store", str(tmp_path / "empty"), "ask", "bloc-roles")
    assert code == 1 and err == f"error: no store at {tmp_path / 'empty'}: the folder holds no Oxigraph store\n"


def test_help_imports_no_heavy_library() -> None:
    heavy = ["pyoxigraph", "rdflib", "pyshacl", "underthesea", "networkx", "pyvis", "starlette", "uvicorn", "rich",
             "jsonschema", "SPARQLWrapper", "vietnamadminunits"]
    script = ("import sys\nfrom tdkt.cli.main import main\nmain(['--help'])\n"
              f"print(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r}))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Usage: tdkt" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_cli_default_base_is_the_graph_default_base() -> None:
    assert CLI_DEFAULT_BASE == DEFAULT_BASE


def test_the_cli_restates_the_library_constants_it_shows_without_importing_it() -> None:
    """The CLI names formats and thresholds in its options and help without importing the library (fast
    --help); they are the library's."""
    import tdkt.cli.commands.build as build_command
    import tdkt.graph.write as write
    from tdkt.cli import options
    from tdkt.graph import queryform

    assert (options.ROW_FORMATS, options.GRAPH_FORMATS) == (queryform.ROW_FORMATS, queryform.GRAPH_FORMATS)
    assert (build_command.BULK_FROM, build_command.BULK_FROM_MB) == (write.BULK_FROM, write.BULK_FROM_MB)
