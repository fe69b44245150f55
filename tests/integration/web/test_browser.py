"""In a real headless Chromium with the network off: views draw, clicks show details, XSS stays text, pages work.

Chromium is Debian's (/usr/bin/chromium, see scripts/install-browser.sh), driven
by Playwright; no browser is ever downloaded. View files are opened from disk
in an offline context; the server's pages in a context where every request
that is not to the test server is aborted and recorded (and must not happen).

Set TDKT_SCREENSHOTS=1 to (re)write docs/screenshots/*.png from these runs.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest

from tdkt.graph.store.oxigraph import OxigraphStore
from tdkt.viz import make_view, render
from tdkt.viz.views import awards, overview
from tests.support.paths import REPO
from tests.support.web import (
    HOSTILE_UNIT_IRI,
    XSS_AWARD,
    XSS_BLOC,
    XSS_UNIT,
    Served,
    build_store,
    named_query_rows,
    serve_store,
)

pytestmark = [pytest.mark.server, pytest.mark.slow]

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
SHOTS = REPO / "docs" / "screenshots"
MTTQ = "Khối thi đua Mặt trận Tổ quốc và các tổ chức chính trị - xã hội tỉnh Lai Châu"
LDLD = "Liên đoàn Lao động tỉnh Lai Châu"
GOLD_VIEWS = {
    "bloc": ({"bloc": MTTQ}, "chair"),
    "unit": ({"unit": LDLD}, "unit"),
    "awards": ({}, "award_type"),
    "lineage": ({"province": "Lai Châu"}, "chair"),
    "overview": ({}, "bloc"),
}


@dataclass
class Tab:
    page: Any
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    csp: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/install-browser.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@contextmanager
def tab(browser: Any, origin: str | None = None) -> Iterator[Tab]:
    """A page with the network off: offline for files; only ``origin`` reachable for the server's pages."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=origin is None,
                                  service_workers="block")
    page = context.new_page()
    t = Tab(page)

    def guard(route: Any) -> None:
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:")) or (origin is not None and url.startswith(origin + "/")):
            route.continue_()
        else:
            t.outside.append(url)
            route.abort()

    context.route("**/*", guard)
    page.on("pageerror", lambda exc: t.errors.append(str(exc)))
    page.on("console", lambda m: t.csp.append(m.text) if "Content Security Policy" in m.text else None)

    def on_dialog(dialog: Any) -> None:
        t.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        yield t
    finally:
        context.close()
    assert t.outside == [], f"requests left the machine: {t.outside}"


def wait_until(page: Any, expression: str, arg: Any = None, timeout: float = 15.0) -> None:
    """Poll from the test, not in the page: Playwright polls a string predicate in the page with eval, which the
    pages' Content-Security-Policy (no 'unsafe-eval') refuses whenever the first check is false."""
    deadline = time.monotonic() + timeout
    check = expression if "=>" in expression else f"!!({expression})"  # a truth value, not the object itself
    while True:
        try:
            if page.evaluate(check, arg):
                return
        except Exception as exc:  # a navigation replaced the page between two checks
            if "context was destroyed" not in str(exc) and "navigation" not in str(exc).lower():
                raise
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {timeout} s: {expression}")
        time.sleep(0.05)


def open_view(t: Tab, url: str) -> float:
    start = time.monotonic()
    t.page.goto(url)
    wait_until(t.page, "window.tdktView && window.tdktView.ready", timeout=15)
    return time.monotonic() - start


def painted_pixels(t: Tab) -> int:
    return int(t.page.evaluate("""() => {
        const c = document.querySelector('#network canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < d.length; i += 16) { if (d[i] > 0) n++; }
        return n;
    }"""))


def node_point(t: Tab, node_id: str) -> tuple[float, float]:
    """Centre the node on screen and return where it is (page coordinates)."""
    point = t.page.evaluate("""(id) => {
        const v = window.tdktView, net = v.network;
        net.focus(id, {scale: 1.4, animation: false});
        net.redraw();
        const p = net.canvasToDOM(net.getPositions([id])[id]);
        const r = document.getElementById('network').getBoundingClientRect();
        return [r.left + p.x, r.top + p.y];
    }""", node_id)
    return float(point[0]), float(point[1])


def first_node(t: Tab, kind: str, label: str | None = None) -> dict[str, Any]:
    node = t.page.evaluate("""([kind, label]) => window.tdktView.nodes.get().find(
        n => n.kind === kind && (label === null || n.fullLabel === label))""", [kind, label])
    assert node, f"no {kind} node {label or ''}"
    return dict(node)


def click_node(t: Tab, node: dict[str, Any]) -> str:
    x, y = node_point(t, node["id"])
    t.page.mouse.click(x, y)
    wait_until(t.page, "(id) => window.tdktView.selected === id", arg=node["id"], timeout=5)
    return str(t.page.text_content("#details h3"))


def shot(t: Tab, name: str, tmp: Path) -> None:
    target = SHOTS if os.environ.get("TDKT_SCREENSHOTS") else tmp
    target.mkdir(parents=True, exist_ok=True)
    t.page.screenshot(path=str(target / f"{name}.png"))


# -- views from files, offline ---------------------------------------------------------------


@pytest.fixture(scope="module")
def gold_views(gold_store: OxigraphStore, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("views")
    out = {}
    for name, (params, _) in GOLD_VIEWS.items():
        path = folder / f"{name}.html"
        path.write_text(render(make_view(gold_store, name, params)), encoding="utf-8")
        out[name] = path
    return out


@pytest.mark.parametrize("name", list(GOLD_VIEWS))
def test_view_draws_offline_and_a_click_shows_details(browser: Any, gold_views: dict[str, Path], name: str,
                                                       tmp_path: Path) -> None:
    with tab(browser) as t:
        open_view(t, gold_views[name].as_uri())
        assert t.page.evaluate("window.tdktView.nodes.length") > 3
        assert painted_pixels(t) > 500
        shot(t, name, tmp_path)
        node = first_node(t, GOLD_VIEWS[name][1])
        assert click_node(t, node) == node["fullLabel"]
        details = t.page.text_content("#details")
        assert details and all(value in details for _, value in node["details"])
        assert t.errors == []
        assert t.page.evaluate("document.querySelectorAll('#legend li').length") >= 2


def test_awards_filters_hide_what_does_not_match(browser: Any, gold_views: dict[str, Path]) -> None:
    with tab(browser) as t:
        open_view(t, gold_views["awards"].as_uri())
        total = t.page.evaluate("window.tdktView.nodes.length")
        t.page.select_option("select[data-facet=status]", "proposed")
        shown = t.page.evaluate("window.tdktView.shown")
        assert 0 < shown < total
        hidden_conferred = t.page.evaluate("""window.tdktView.edges.get().filter(
            e => e.kind === 'award_conferred' && !e.hidden && e.facets.status).length""")
        assert hidden_conferred == 0
        t.page.select_option("select[data-facet=status]", "")
        assert t.page.evaluate("window.tdktView.shown") == total


def test_a_group_expands_on_click(browser: Any, tmp_path: Path) -> None:
    rows = [{"fact": f"urn:award:{i}", "factKind": "award", "year": 2023, "status": "urn:c", "statusName": "conferred",
             "grantor": "urn:g", "grantorLabel": "UBND tỉnh", "awardName": "Bằng khen", "awardType": "urn:t",
             "awardTypeLabel": "Bằng khen", "precedence": 2, "recipient": f"urn:r:{i}", "recipientLabel": f"Đơn vị {i}",
             "recipientKind": "unit", "proposer": None, "proposerLabel": None, "province": "Lai Châu",
             "collectives": None, "individuals": None, "households": None} for i in range(700)]
    path = tmp_path / "big.html"
    path.write_text(render(awards.build({"awards": rows}, {})), encoding="utf-8")
    with tab(browser) as t:
        open_view(t, path.as_uri())
        before = t.page.evaluate("window.tdktView.nodes.length")
        group = first_node(t, "aggregate")
        assert click_node(t, group).startswith("700 ×")
        t.page.click("#expand")
        assert t.page.evaluate("window.tdktView.nodes.length") == before - 1 + 200


def synthetic_overview(blocs: int, members: int) -> list[dict[str, Any]]:
    """``blocs`` blocs of ``members`` members each, joined in a ring by one shared unit between neighbours
    (rows of view-overview: one per bloc, and one per bloc and unit)."""
    rows: list[dict[str, Any]] = []
    for b in range(blocs):
        base: dict[str, Any] = {"bloc": f"urn:bloc:{b}", "blocLabel": f"Khối thi đua số {b:02d}",
                                "province": "Lai Châu", "duties": "", "chairs": 0}
        rows.append({**base, "unit": None, "unitLabel": None, "years": None})
        units = [f"{b}-{i}" for i in range(members)] + [f"bridge-{b}", f"bridge-{(b + 1) % blocs}"]
        for u in units:
            rows.append({**base, "unit": f"urn:unit:{u}", "unitLabel": f"Ủy ban nhân dân huyện {u}", "years": "2024"})
    return rows


def test_a_500_node_view_draws(browser: Any, tmp_path: Path) -> None:
    # how fast: benchmarks/view_draw.py (timing is measured there, not asserted here)
    view = overview.build({"blocs": synthetic_overview(25, 18), "officials": []}, {})
    assert len(view.graph) == 500  # at the limit, not aggregated: the worst case this view draws
    path = tmp_path / "overview-500.html"
    path.write_text(render(view), encoding="utf-8")
    with tab(browser) as t:
        open_view(t, path.as_uri())
        assert t.page.evaluate("window.tdktView.drawnAt") > 0
        assert t.page.evaluate("window.tdktView.nodes.length") == 500
        assert painted_pixels(t) > 2000


# -- hostile names, in the browser ------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_store(gold_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    return build_store(gold_dir, tmp_path_factory.mktemp("hostile"), None)


def assert_no_script_ran(t: Tab) -> None:
    assert t.dialogs == [], f"a script from the data ran: {t.dialogs}"
    assert t.page.evaluate("document.querySelectorAll('img, iframe, [onerror], [onload]').length") == 0
    assert t.page.evaluate("!document.body.hasAttribute('data-pwned')")
    assert t.errors == []


@pytest.mark.parametrize(("name", "params", "kind", "label"), [
    ("unit", {"unit": HOSTILE_UNIT_IRI}, "unit", XSS_UNIT),
    ("bloc", {"bloc": XSS_BLOC}, "chair", XSS_UNIT),
    ("overview", {"province": "Lai Châu"}, "bloc", XSS_BLOC + " (Lai Châu)"),
    ("awards", {"year": "2023"}, "bloc", XSS_BLOC),
])
def test_hostile_names_stay_text_in_the_browser(browser: Any, hostile_store: OxigraphStore, tmp_path: Path,
                                                name: str, params: dict[str, str], kind: str, label: str) -> None:
    path = tmp_path / f"{name}.html"
    path.write_text(render(make_view(hostile_store, name, params)), encoding="utf-8")
    with tab(browser) as t:
        open_view(t, path.as_uri())
        node = first_node(t, kind, label)
        x, y = node_point(t, node["id"])
        t.page.mouse.move(x, y)  # the tooltip
        t.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
        assert label in str(t.page.text_content("div.vis-tooltip"))
        assert click_node(t, node) == label  # the details panel
        if name == "awards":  # the award as stated, in the award type's details
            assert XSS_AWARD in click_node(t, first_node(t, "award_type")) + str(t.page.text_content("#details"))
        assert_no_script_ran(t)


# -- the server's pages ----------------------------------------------------------------------


def run_bloc_roles_from_the_query_page(page: Any, url: str) -> None:
    """Pick bloc-roles on the query page, give it a bloc, run it and wait for its table."""
    page.goto(url + "/query")
    page.select_option("#named-query", "bloc-roles")
    page.fill("input[data-param=bloc]", "Cụm thi đua số 01")
    page.click("#run-named")
    page.wait_for_selector(".yasr table >> text=Hội Nông dân huyện Phong Thổ", timeout=15_000)


@pytest.fixture(scope="module")
def served(gold_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    work = tmp_path_factory.mktemp("served")
    store = build_store(gold_dir, work, work / "store")
    store.close()
    with serve_store(work / "store", timeout_s=10.0, max_rows=1000) as site:
        yield site


def test_named_query_from_the_query_page_shows_its_rows(browser: Any, served: Served, tmp_path: Path) -> None:
    with tab(browser, served.url) as t:
        run_bloc_roles_from_the_query_page(t.page, served.url)
        rows = t.page.locator(".yasr table tbody tr")
        assert rows.count() == 2
        assert "Hội Nông dân huyện Nậm Nhùn" in str(rows.nth(0).text_content())
        shot(t, "query", tmp_path)
        assert t.errors == [] and t.csp == []


def test_the_query_page_runs_the_named_query_its_address_names(browser: Any, served: Served) -> None:
    """The entity page links to /query?name=entity-links&entity=…&property=… for what it counts, not lists."""
    unit = "https://w3id.org/tdkt/id/unit/lai-chau/lien-doan-lao-dong-tinh-lai-chau"
    params = {"entity": unit, "property": "https://w3id.org/tdkt/ontology#recipient"}
    expected = len(named_query_rows(served.url, "entity-links", params))
    assert expected > 0
    with tab(browser, served.url) as t:
        t.page.goto(served.url + "/query?" + urlencode({"name": "entity-links", **params}))
        t.page.wait_for_selector(".yasr table tbody tr", timeout=15_000)
        assert t.page.input_value("#named-query") == "entity-links"
        assert t.page.input_value("[data-param=entity]") == unit
        assert t.page.locator(".yasr table tbody tr").count() == expected
        assert t.errors == [] and t.csp == []


def test_query_page_shows_hostile_values_as_text(browser: Any, served: Served) -> None:
    query = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
             "SELECT ?label WHERE { ?s skos:prefLabel ?label FILTER(CONTAINS(STR(?label), 'onerror')) }")
    with tab(browser, served.url) as t:
        t.page.goto(served.url + "/query")
        wait_until(t.page, "window.tdktYasgui && window.tdktYasgui.getTab()")
        t.page.evaluate("(q) => { const tab = window.tdktYasgui.getTab(); tab.setQuery(q); tab.query(); }", query)
        t.page.wait_for_selector(".yasr table tbody tr", timeout=15_000)
        assert XSS_UNIT in str(t.page.text_content(".yasr table tbody"))
        assert t.dialogs == []
        assert t.page.evaluate("document.querySelectorAll('.yasr img, [onerror]').length") == 0


def test_query_page_says_when_a_result_was_cut(browser: Any, served: Served) -> None:
    with tab(browser, served.url) as t:
        t.page.goto(served.url + "/query")
        wait_until(t.page, "window.tdktYasgui && window.tdktYasgui.getTab()")
        t.page.evaluate("() => { const tab = window.tdktYasgui.getTab(); "
                        "tab.setQuery('SELECT * WHERE { ?s ?p ?o }'); tab.query(); }")
        t.page.wait_for_selector("#truncated", state="visible", timeout=15_000)
        assert "row limit" in str(t.page.text_content("#truncated"))


def test_entity_page_shows_its_facts_and_links_to_its_view(browser: Any, served: Served, tmp_path: Path) -> None:
    with tab(browser, served.url) as t:
        t.page.goto(served.url + "/id/unit/lai-chau/lien-doan-lao-dong-tinh-lai-chau")
        assert t.page.url.endswith("/doc/unit/lai-chau/lien-doan-lao-dong-tinh-lai-chau")
        assert t.page.text_content("#entity-label") == LDLD
        facts = str(t.page.text_content("#facts"))
        assert "skos:prefLabel" in facts and LDLD in facts and "Tỉnh Lai Châu" in facts
        assert "recipient" in str(t.page.text_content("#links-in"))
        shot(t, "entity", tmp_path)
        t.page.click("text=Sơ đồ đơn vị — unit view")
        t.page.wait_for_url("**/view/unit?**")
        wait_until(t.page, "window.tdktView && window.tdktView.ready", timeout=15)
        assert t.page.evaluate("window.tdktView.nodes.length") > 3
        assert t.errors == [] and t.csp == []


def test_hostile_entity_page_in_the_browser(browser: Any, served: Served) -> None:
    path = HOSTILE_UNIT_IRI.removeprefix("https://w3id.org/tdkt/id/")
    with tab(browser, served.url) as t:
        t.page.goto(f"{served.url}/id/{path}")
        assert t.page.text_content("#entity-label") == XSS_UNIT
        assert_no_script_ran(t)


@pytest.mark.parametrize("path", ["/view/overview", "/view/awards?status=proposed", "/view/lineage?part=changes",
                                  f"/view/bloc?{urlencode({'bloc': 'Cụm thi đua số 01'})}",
                                  f"/view/unit?unit={quote(HOSTILE_UNIT_IRI, safe='')}"])
def test_served_views_draw_under_the_csp(browser: Any, served: Served, path: str) -> None:
    with tab(browser, served.url) as t:
        open_view(t, served.url + path)
        assert t.page.evaluate("window.tdktView.nodes.length") > 1
        assert t.errors == [] and t.csp == [] and t.dialogs == []


# -- the web as a person reads it ------------------------------------------------------------


def test_a_named_query_table_shows_labels_and_plain_numbers(browser: Any, served: Served, tmp_path: Path) -> None:
    with tab(browser, served.url) as t:
        run_bloc_roles_from_the_query_page(t.page, served.url)
        body = str(t.page.text_content(".yasr table tbody"))
        assert "XMLSchema" not in body and "^^" not in body and "https://w3id.org/tdkt/id/" not in body
        headers = [str(h).strip() for h in t.page.locator(".yasr table thead th").all_text_contents()]
        cells = t.page.evaluate("""(headers) => Array.from(document.querySelectorAll('.yasr table tbody tr'))
            .map(tr => Object.fromEntries(Array.from(tr.children).map((td, i) => [headers[i],
                                                                                   td.textContent.trim()])))""",
                                headers)
        phong_tho = next(c for c in cells if c["unitLabel"] == "Hội Nông dân huyện Phong Thổ")
        assert phong_tho["year"] == "2022"  # a plain number
        assert phong_tho["unit"] == "Hội Nông dân huyện Phong Thổ"  # the IRI shown by its label
        assert phong_tho["bloc"] == "Cụm thi đua số 01"
        assert phong_tho["role"] == "tdkt:Chair"  # an IRI with no label column: its short name
        link = t.page.locator(".yasr table tbody a.iri-label", has_text="Hội Nông dân huyện Phong Thổ").first
        assert str(link.get_attribute("href")).startswith("/id/unit/lai-chau/")
        # label columns are wide enough for their text: no cell breaks a name into pieces of a few letters
        squeezed = t.page.evaluate("""(headers) => {
            const col = headers.indexOf('unitLabel');
            return Array.from(document.querySelectorAll('.yasr table tbody tr')).map(tr => tr.children[col])
              .filter(td => td.getBoundingClientRect().width < 160 || td.scrollWidth > td.clientWidth + 1).length;
        }""", headers)
        assert squeezed == 0
        shot(t, "query-labels", tmp_path)
        assert t.errors == [] and t.csp == []


def test_the_lineage_view_opens_on_a_province_index_and_draws_the_one_picked(browser: Any, served: Served) -> None:
    with tab(browser, served.url) as t:
        open_view(t, served.url + "/view/lineage")
        kinds = t.page.evaluate("window.tdktView.nodes.get().map(n => n.kind)")
        assert 1 < len(kinds) < 150
        assert set(kinds) == {"area", "heading"}
        node = dict(t.page.evaluate("""() => window.tdktView.nodes.get().find(
            n => n.kind === 'area' && n.fullLabel.startsWith('Lai Châu: '))"""))
        assert "khối" in node["fullLabel"] and "trưởng khối" in node["fullLabel"]
        click_node(t, node)
        t.page.click("#details a >> text=kế thừa của tỉnh — lineage of the province")
        t.page.wait_for_url("**/view/lineage?province=**")
        wait_until(t.page, "window.tdktView && window.tdktView.ready", timeout=15)
        drawn = t.page.evaluate("window.tdktView.nodes.get().map(n => n.fullLabel)")
        assert "Hội Nông dân huyện Phong Thổ (2022)" in drawn and len(drawn) < 150
        assert t.errors == [] and t.csp == []


@pytest.mark.parametrize("typed", ["phong tho", "PHONG THỔ", "hội nông dân phong thổ", "Phong Tho\u0309"])
def test_the_find_box_matches_part_of_a_name_in_any_spelling(browser: Any, gold_views: dict[str, Path],
                                                             typed: str) -> None:
    with tab(browser) as t:
        open_view(t, gold_views["lineage"].as_uri())
        t.page.fill("#search", typed)
        t.page.press("#search", "Enter")
        wait_until(t.page, "window.tdktView.selected !== null", timeout=5)
        assert "Hội Nông dân huyện Phong Thổ" in str(t.page.text_content("#details h3"))
        assert str(t.page.text_content("#search-count")).endswith("found")
        assert t.errors == []


def test_the_home_page_awards_form_filters_by_no_status_unless_asked(browser: Any, served: Served) -> None:
    with tab(browser, served.url) as t:
        t.page.goto(served.url + "/")
        form = t.page.locator("form[action='/view/awards']")
        assert form.locator("select[name=status]").input_value() == ""
        form.locator("button[type=submit]").click()
        t.page.wait_for_url("**/view/awards**")  # the view's page, not the home page it leaves
        wait_until(t.page, "window.tdktView && window.tdktView.ready", timeout=15)
        statuses = t.page.evaluate("window.tdktView.edges.get().flatMap(e => (e.facets && e.facets.status) || [])")
        assert {"proposed", "conferred"} <= set(statuses)
