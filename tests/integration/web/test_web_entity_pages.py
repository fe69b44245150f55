"""Entity pages of much-cited entities: their own statements come first, a statement stated by many sources
shows how many, and a property through which hundreds of things point at the entity is counted, not listed
(queries/view-entity.rq). The store is built by ``build`` from records written here; every expected figure
is counted on that store by a query of the test's own."""

from __future__ import annotations

import html
import re
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest
import yaml

from tdkt.graph.build import build
from tdkt.graph.identity import DEFAULT_BASE
from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.queries.library import run_query
from tests.support.web import Served, named_query_rows, serve_store

pytestmark = pytest.mark.server

BLOC = "Cụm thi đua các xã thử nghiệm"
SOURCES, MEMBERS_PER_SOURCE = 12, 45  # 540 members: over the 500 a page lists
ORG = "http://www.w3.org/ns/org#"
SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"


def documents(folder: Path) -> None:
    """Each source names the bloc and 45 units that were its members in 2020 (540 units in all)."""
    for s in range(SOURCES):
        records = [{"type": "bloc", "name": BLOC, "province": "Lai Châu"}]
        records += [{"type": "membership", "bloc": BLOC, "unit": f"Ủy ban nhân dân xã Thử Nghiệm {s * 100 + m}",
                     "year": 2020} for m in range(MEMBERS_PER_SOURCE)]
        doc = {"source": {"id": f"entity-page-{s:02d}", "title": f"Test case {s} (invented)", "province": "Lai Châu"},
               "records": records}
        (folder / f"entity-page-{s:02d}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


@dataclass(frozen=True)
class Counted:
    """What the test's own queries count on the built store, and the rows view-entity gives for the bloc."""

    bloc: str
    members: int
    label_sources: int
    unit: str  # one of the members
    rows: list[dict[str, Any]]


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, Counted]]:
    work = tmp_path_factory.mktemp("entity-pages")
    (work / "data").mkdir()
    documents(work / "data")
    store = OxigraphStore(work / "store")
    build(store, work / "data")
    bloc = str(run_query(store, "bloc-members", {"bloc": BLOC}).dicts()[0]["bloc"])
    raw = store.raw
    counted = Counted(
        bloc=bloc,
        members=len(list(raw.query(f"SELECT ?m WHERE {{ ?m <{ORG}organization> <{bloc}> }}"))),
        label_sources=len(list(raw.query(f"SELECT ?g WHERE {{ GRAPH ?g {{ <{bloc}> <{SKOS_LABEL}> ?l }} }}"))),
        unit=str(next(iter(raw.query(f"SELECT ?u WHERE {{ ?m <{ORG}organization> <{bloc}> ; <{ORG}member> ?u }} "
                                     "LIMIT 1")))["u"].value),
        rows=run_query(store, "view-entity", {"entity": bloc}).dicts(),
    )
    del raw  # the last reference to the open store, so that the server can open it
    store.close()
    with serve_store(work / "store") as served:
        yield served, counted


def test_a_much_cited_entity_counts_what_points_at_it(many: tuple[Served, Counted]) -> None:
    _, counted = many
    rows = counted.rows
    assert counted.members == SOURCES * MEMBERS_PER_SOURCE
    listed = [r for r in rows if r["direction"] == "in" and str(r["property"]) == ORG + "organization"]
    assert listed == []
    summary = [r for r in rows if r["direction"] == "in-many"]
    assert [(str(r["property"]), int(r["value"])) for r in summary] == [(ORG + "organization", counted.members)]
    # its own statements come first, each once, with the number of sources that state it
    directions = [r["direction"] for r in rows]
    assert directions == sorted(directions, key=["out", "in", "in-many"].index)
    label = [r for r in rows if str(r["property"]) == SKOS_LABEL]
    assert len(label) == 1 and int(label[0]["sources"]) == counted.label_sources == SOURCES
    assert label[0]["source"] is None  # more than 10: counted, not listed


def test_a_statement_with_few_sources_lists_them(many: tuple[Served, Counted]) -> None:
    served, counted = many
    unit = counted.unit
    with urllib.request.urlopen(f"{served.url}/doc/{unit[len(DEFAULT_BASE):]}", timeout=30) as response:
        text = response.read().decode("utf-8")
    links = re.search(r'<table class="facts" id="links-in">(.*?)</table>', text, re.S)
    source = f"/id/source/entity-page-{int(unit.rsplit('-', 1)[1]) // 100:02d}"  # the one that names the unit
    assert links and f'href="{source}"' in links.group(1) and "nguồn — sources" not in links.group(1)


def test_the_page_of_a_much_cited_entity(many: tuple[Served, Counted]) -> None:
    served, counted = many
    bloc = counted.bloc
    with urllib.request.urlopen(f"{served.url}/doc/{bloc[len(DEFAULT_BASE):]}", timeout=30) as response:
        text = response.read().decode("utf-8")
    heading = re.search(r'<h1 id="entity-label">(.*?)</h1>', text)
    assert heading and html.unescape(heading.group(1)) == BLOC
    assert f'data-property="{ORG}organization" data-count="{counted.members}"' in text
    # the count links to the query page running entity-links, which lists them all
    link = re.search(r'<tr class="links-many"[^>]*><td><a href="([^"]+)"', text)
    assert link
    wanted = parse_qs(urlsplit(html.unescape(link.group(1))).query)
    assert wanted == {"name": ["entity-links"], "entity": [bloc], "property": [ORG + "organization"]}
    listed = named_query_rows(served.url, "entity-links", {"entity": bloc, "property": ORG + "organization"})
    assert len(listed) == counted.members
    assert {row["sources"]["value"] for row in listed} == {"1"}
    assert f"{SOURCES} nguồn — sources" in text
    turtle_url = f"{served.url}/doc/{bloc[len(DEFAULT_BASE):]}.ttl"
    with urllib.request.urlopen(turtle_url, timeout=30) as response:
        triples = {q.triple for q in ox.parse(response.read(), format=ox.RdfFormat.TURTLE)}
    assert ox.Triple(ox.NamedNode(bloc), ox.NamedNode(SKOS_LABEL), ox.Literal(BLOC, language="vi")) in triples
