"""News articles to records documents: the public entry points.

The steps run in a fixed order: text is decoded and cleaned, the page's chrome
removed, garbled spans redacted, the province and the blocs found, then the
conference (which fixes the year under review) and the facts that depend on
it. Every document is validated by ``loaders.records.parse_document`` before
it is returned, so what leaves here always loads.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from tdkt.kernel.errors import EncodingError
from tdkt.kernel.names import canonical_name
from tdkt.loaders.articles import awards, blocs, campaigns, conferences, geo, honours, officials, people, roles, units
from tdkt.loaders.articles.decode import clean, decode_bytes, repair_legacy
from tdkt.loaders.articles.entities import Scope, scan
from tdkt.loaders.articles.lexicon import place_kinds
from tdkt.loaders.articles.model import Article, Sent
from tdkt.loaders.articles.page import PageMeta, html_to_text, looks_like_html, read_header
from tdkt.loaders.articles.segment import Layout, date_in, segment
from tdkt.loaders.articles.spam import Garble, redact
from tdkt.loaders.records import RecordsDocument, parse_document

_ORDER = ("bloc", "conference", "membership", "role", "ranking", "award", "award_count", "position", "campaign",
          "covenant")
_MAX_CHARS = 2_000_000


def extract_text(text: str, *, source_id: str, url: str | None = None,
                 publisher_hint: str | None = None) -> RecordsDocument:
    """Records of one article given as text (plain or HTML).

    >>> doc = extract_text("Hội nghị tổng kết Cụm thi đua số 2 tỉnh Lai Châu năm 2023. "
    ...                    "Hội nghị bầu Hội Nông dân huyện Tam Đường làm Cụm trưởng năm 2024.", source_id="x")
    >>> [(r.fields["unit"], r.fields["year"]) for r in doc.of_type("role")]
    [('Hội Nông dân huyện Tam Đường', 2024)]
    """
    text, legacy = repair_legacy(clean(text[:_MAX_CHARS]))
    text, meta = read_header(text)
    if looks_like_html(text):
        header = meta
        text, meta = html_to_text(text)
        text = clean(text)
        meta.url = header.url or meta.url
        meta.title = header.title or meta.title
        meta.published = header.published or meta.published
    layout = segment(text, title_hint=meta.title)
    article = _read(layout, meta, source_id, url or meta.url, publisher_hint)
    if legacy:
        article.note(f"The text was in the legacy {legacy.upper()} encoding and was converted to Unicode.")
    return _document(article, layout, meta, url or meta.url, publisher_hint)


def extract_file(path: Path, *, url: str | None = None) -> RecordsDocument:
    """Records of one saved article (plain text or HTML, any Vietnamese encoding); the id is the file stem.

    ``url`` is the address the page was saved from, when the file itself does not say it.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise EncodingError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    text, encoding = decode_bytes(data, str(path))
    source_id = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-._")[:200] or "article"
    doc = extract_text(text, source_id=source_id, url=url)
    if encoding in ("cp1258", "tcvn3", "vni", "utf-16"):
        notes = (*doc.notes, f"The file was decoded from {encoding.upper()}.")
        return RecordsDocument(doc.source, doc.records, notes, doc.must_not_appear, str(path))
    return RecordsDocument(doc.source, doc.records, doc.notes, doc.must_not_appear, str(path))


def write_records(doc: RecordsDocument, out_dir: Path) -> Path:
    """Write ``<source id>.json`` into ``out_dir`` (UTF-8, indented, stable) and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{doc.source.id}.json"
    path.write_text(json.dumps(doc.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def _published(layout: Layout, meta: PageMeta) -> dt.date | None:
    for text in (meta.published, layout.date_line):
        found = date_in(text)
        if found:
            day, month, year = found
            try:
                return dt.date(year, month, day)
            except ValueError:
                continue
    return None


def _read(layout: Layout, meta: PageMeta, source_id: str, url: str | None, publisher: str | None) -> Article:
    """Redact, find the province and blocs, and scan every sentence for mentions."""
    raw = ([layout.title] if layout.title else []) + [s.text for s in layout.sentences]
    captions = ([False] if layout.title else []) + [s.caption for s in layout.sentences]
    garbles: list[Garble] = []
    texts = []
    for text in raw:
        redacted, found = redact(text)
        texts.append(redacted)
        garbles.extend(found)
    hints = [h for h in (publisher, layout.publisher, meta.site, layout.source_line) if h]
    province = geo.detect_province("\n".join(texts), hints=hints, urls=[u for u in (url, layout.source_line) if u])
    found_blocs: list[tuple[blocs.BlocMention, float]] = []
    bloc_mentions = []
    for i, text in enumerate(texts):
        mentions = blocs.mentions(text)
        bloc_mentions.append(mentions)
        weight = 2.0 if i == 0 and layout.title else 1.5 if i < 3 else 1.0
        found_blocs.extend((m, weight) for m in mentions)
    slug = blocs.from_slug(url)
    if slug and not any(m.tail for m, _ in found_blocs):
        found_blocs.extend((m, 0.5) for m in blocs.mentions(slug))
    clustered = blocs.cluster(found_blocs)
    scope = Scope(province, None, {})
    sentences = []
    for i, text in enumerate(texts):
        spans = [(m.start, m.end) for m in bloc_mentions[i] if m.tail]
        sentences.append(Sent(text, i, captions[i], bloc_mentions[i], scan(text, scope, spans)))
    article = Article(source_id, sentences, scope, clustered, published=_published(layout, meta), title=layout.title)
    for g in garbles:
        article.note(f"Garbled text '{g.text}' (spam vocabulary '{g.phrase}') stood where a name belongs; "
                     "it was removed and no record names it.")
    member = _member_head(article)
    article.scope = Scope(province, member, {})
    if province is None:
        article.note("No province is named by the text or the address; names are written without one.")
    return article


def _member_head(article: Article) -> str | None:
    """The kind of unit the bloc's members are ("Hội Nông dân" for a cluster of farmers' associations)."""
    main = article.main
    if main is None or main.tail.startswith("các "):
        return "Ủy ban nhân dân"
    heads = Counter(m.head for s in article.sentences for m in s.units
                    if m.head and m.group >= 0 and m.kind in ("huyện", "thị xã", "thành phố", "quận", "xã"))
    return heads.most_common(1)[0][0] if heads else None


def _home(article: Article, layout: Layout, url: str | None, publisher: str | None) -> None:
    """The district an article speaks from: where the conference is, or whose portal published it."""
    home: dict[str, str] = {}
    for r in article.records:
        if r["type"] == "conference" and r.get("place"):
            kind, _, name = str(r["place"]).partition(" ")
            if kind in ("huyện", "quận") or str(r["place"]).startswith(("thị xã", "thành phố")):
                home = {"huyện": str(r["place"]).split(" ", 2)[-1] if kind not in ("huyện", "quận") else name}
            elif article.province:
                place_kind = "thị trấn" if str(r["place"]).startswith("thị trấn") else kind
                commune = geo.place(place_kind, str(r["place"])[len(place_kind) + 1:], article.province)
                district = geo.register().districts.get(commune.parent or "") if commune else None
                if district is not None:
                    home = {"huyện": district.short}
            break
    if not home and article.province:
        area = geo.district_in_host(url or layout.source_line, article.province)
        if area is None and (publisher or layout.publisher):
            words = (publisher or layout.publisher or "").split()
            for n in (3, 2):
                candidate = " ".join(words[-n:])
                area = geo.place(None, candidate, article.province) if len(words) >= n else None
                if area is not None and area.level == "district":
                    break
                area = None
        if area is not None:
            home = {"huyện": area.short}
    for kind in ("quận", "thị xã", "thành phố"):
        if "huyện" in home:
            home.setdefault(kind, home["huyện"])
    article.scope = Scope(article.scope.province, article.scope.member_head, home, article.year)


def _document(article: Article, layout: Layout, meta: PageMeta, url: str | None,
              publisher: str | None) -> RecordsDocument:
    conferences.find(article, layout.title)
    _home(article, layout, url, publisher)
    roles.find(article)
    awards.find(article, skip=honours.find(article))
    people.find(article)
    officials.find(article)
    _implied_members(article)
    campaigns.find(article)
    records = _with_blocs(article)
    source: dict[str, Any] = {"id": article.source_id}
    if layout.title:
        source["title"] = layout.title[:500]
    if url and re.match(r"^https?://\S+$", url):
        source["url"] = url
    if article.published:
        source["published"] = article.published.isoformat()
    pub = publisher or layout.publisher or meta.site or layout.source_line
    if pub:
        source["publisher"] = (canonical_name(pub) if " " in pub else pub)[:500]
    authors = [a for a in dict.fromkeys([*layout.authors, *meta.authors]) if a.strip()]
    if authors:
        source["authors"] = [a[:500] for a in authors]
    if article.province:
        source["province"] = geo.province_label(article.province, article.year)
    data: dict[str, Any] = {"source": source, "records": records}
    if article.notes:
        data["notes"] = article.notes
    return parse_document(data, article.source_id)


def _implied_members(article: Article) -> None:
    """Members never listed but implied: the units the bloc proposes for awards, and, in a sector cluster,
    the branches whose officials attend ("Viện trưởng VKSND tỉnh A" in a cluster of procuracies)."""
    main = article.main
    if main is None or article.reviewed is None:
        return
    head = units.member_head(" ".join(t for t in (article.title or "", main.name) if t)) or _duty_head(article)
    for r in list(article.records):
        unit = None
        if r["type"] == "award" and r.get("proposer") == main.name:
            unit = str(r["recipient"])
        elif r["type"] == "position" and head and str(r["organisation"]).startswith(head + " "):
            kind = _place_kind(str(r["organisation"]))
            peers = [str(m["unit"]) for m in article.records if m["type"] in ("membership", "role")
                     and str(m["unit"]).startswith(head + " ")]
            if kind and peers and all(_place_kind(p) == kind for p in peers):
                unit = str(r["organisation"])
        if unit:
            article.add({"type": "membership", "bloc": main.name, "unit": unit, "year": article.reviewed}, None, 0.6,
                        main.name, unit)


def _duty_head(article: Article) -> str | None:
    """The branch head that the bloc's duty holders share, when the text names no sector: a chair and a
    vice-chair that are both "Viện kiểm sát nhân dân tỉnh …" make a cluster of provincial procuracies."""
    named = {str(r["unit"]) for r in article.records if r["type"] == "role"}
    heads = {_branch_head(name) for name in named}
    if len(named) < 2 or len(heads) != 1:
        return None
    return heads.pop()


def _branch_head(name: str) -> str | None:
    """What a unit's name says before its place ("Viện kiểm sát nhân dân" of "… tỉnh Gia Lai")."""
    m = _place_in_name(name)
    if m is None:
        return None
    return name[:m.start()].strip() or None


def _place_kind(name: str) -> str | None:
    m = _place_in_name(name)
    return m.group(1) if m else None


def _place_in_name(name: str) -> re.Match[str] | None:
    return re.search(rf"(?<!\w)({place_kinds()})\s+\S+", name)


def _with_blocs(article: Article) -> list[dict[str, Any]]:
    """Bloc records for the main bloc and any other bloc a record names, then the records in a stable order.

    A bloc whose members lie in several provinces, or one the text places above the province, has no province.
    """
    out: list[dict[str, Any]] = []
    names = {b.name for b in article.blocs}
    for i, bloc in enumerate(article.blocs):
        if i == 0 or bloc.name in article.used_blocs:
            province = (None if _above_province(article, bloc.name) or article.province is None
                        else geo.province_label(article.province, article.year))
            record: dict[str, Any] = {"type": "bloc", "name": bloc.name, "province": province}
            organiser = _organiser(article, bloc.name)
            if organiser:
                record["organiser"] = organiser
            record["confidence"] = 0.9 if bloc.mentions > 1 else 0.6
            out.append(record)
    kept = [r for r in article.records if r.get("bloc", next(iter(names), None)) in names or "bloc" not in r]
    kept.sort(key=lambda r: _ORDER.index(r["type"]))
    return out + kept


def _above_province(article: Article, bloc: str) -> bool:
    """Whether a bloc spans provinces: no province is known, its name says so, or its members lie in several."""
    if article.province is None:
        return True
    if geo.spans_provinces(bloc):
        return True
    provinces = set()
    for r in article.records:
        if r["type"] in ("membership", "role") and r.get("bloc") == bloc:
            found = geo.province_named_in(str(r["unit"]))
            if found:
                provinces.add(found)
    return len(provinces) >= 2


def _organiser(article: Article, bloc: str) -> str | None:
    """A cluster of district branches of one organisation is organised by its provincial branch."""
    units = [str(r["unit"]) for r in article.records if r["type"] == "membership" and r["bloc"] == bloc]
    heads = {re.sub(r"\s+(huyện|quận|thị xã|thành phố)\s+.*$", "", u) for u in units}
    if len(units) >= 2 and len(heads) == 1:
        head = heads.pop()
        if head not in units[0] or head.startswith("Ủy ban nhân dân") or head == units[0]:
            return None
        return f"{head} {article.scope.provincial}"
    return None
