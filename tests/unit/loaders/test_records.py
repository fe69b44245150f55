"""Records documents: valid examples load, every invalid one is rejected with the message beside it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from tdkt.kernel.errors import RecordError
from tdkt.loaders.records import RecordsValidator, _validator, parse_document, schema
from tdkt.loaders.structured import find_documents, read_document
from tests.support.paths import DATA

RECORDS = DATA / "records"
INVALID = sorted(p for p in (RECORDS / "invalid").iterdir() if p.suffix != ".expected")


def test_every_gold_document_loads(gold_dir: Path) -> None:
    docs = [read_document(p) for p in find_documents(gold_dir)]
    assert len(docs) == 5
    assert sum(len(d.records) for d in docs) == sum(
        len(json.loads(p.read_text(encoding="utf-8"))["records"]) for p in gold_dir.glob("*.json"))


@pytest.mark.parametrize("path", sorted((RECORDS / "valid").iterdir()), ids=lambda p: p.name)
def test_valid_examples_load(path: Path) -> None:
    doc = read_document(path)
    assert doc.records
    assert all(r.location for r in doc.records)


def test_csv_fields_are_typed_and_located() -> None:
    doc = read_document(RECORDS / "valid" / "csv-bloc")
    role = next(doc.of_type("role"))
    assert role.integer("year") == 2020
    assert role.confidence == pytest.approx(0.8)
    assert role.location == "role.csv line 2"


def test_yaml_records_carry_their_line() -> None:
    doc = read_document(RECORDS / "valid" / "commune-cluster.yaml")
    assert [r.location for r in doc.records][:2] == ["line 9", "line 13"]


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_examples_are_rejected_with_their_message(path: Path) -> None:
    expected = path.with_name(path.name.split(".")[0] + ".expected").read_text(encoding="utf-8").strip()
    with pytest.raises(RecordError) as info:
        read_document(path)
    assert expected in str(info.value)
    assert str(path.parent) in str(info.value)


def test_every_problem_is_reported(gold_dir: Path) -> None:
    data = json.loads((gold_dir / "000_722c592d168ed647.json").read_text(encoding="utf-8"))
    data["records"][3]["year"] = "2021"
    data["records"][6]["role"] = "boss"
    del data["records"][8]["status"]
    with pytest.raises(RecordError) as info:
        parse_document(data, "doc.json")
    problems = [(p.location, p.field) for p in info.value.problems]
    assert problems == [("record 3", "year"), ("record 6", "role"), ("record 8", "status")]
    assert "(and 2 more problems)" in str(info.value)


def _bad_records(gold_dir: Path) -> dict[str, object]:
    """A gold document with one problem of each kind the schema finds in records."""
    data = json.loads((gold_dir / "000_722c592d168ed647.json").read_text(encoding="utf-8"))
    data["records"][3]["year"] = "2021"
    data["records"][4]["signed_by"] = "all"
    data["records"][6]["role"] = "boss"
    del data["records"][8]["status"]
    data["records"] += [{"type": "prize", "name": "x"}, {"name": "x"}, "bloc", {"type": ["bloc"]}]
    data["extra"] = 1
    return data  # type: ignore[no-any-return]


def test_per_type_validation_finds_what_the_whole_schema_finds(gold_dir: Path) -> None:
    data = _bad_records(gold_dir)
    whole = Draft202012Validator(schema(), format_checker=FormatChecker())
    expected = {(tuple(e.absolute_path), e.message) for e in whole.iter_errors(data)}
    assert {(tuple(e.absolute_path), e.message) for e in _validator().iter_errors(data)} == expected
    assert len(expected) == 9


def test_records_of_no_known_type_are_named_once() -> None:
    data = {"source": {"id": "odd"}, "records": [{"type": "prize"}, "bloc"]}
    with pytest.raises(RecordError) as info:
        parse_document(data, "odd.json")
    assert [str(p) for p in info.value.problems] == [
        "odd.json: record 0, field 'type': 'prize' is not one of ['award', 'award_count', 'bloc', 'campaign', "
        "'conference', 'covenant', 'membership', 'position', 'ranking', 'role']",
        "odd.json: record 1: 'bloc' is not of type 'object'"]


def test_a_record_branch_the_validator_cannot_split_is_refused() -> None:
    changed = json.loads(json.dumps(schema()))
    changed["$defs"]["record"]["allOf"].append({"required": ["evidence"]})
    with pytest.raises(ValueError, match="allOf"):
        RecordsValidator(changed)


def test_text_is_normalised_to_nfc() -> None:
    data = {"source": {"id": "nfd", "province": "Lai Châu"},
            "records": [{"type": "campaign", "name": "Chung sức xây dựng nông thôn mới".encode().decode()}]}
    import unicodedata

    data["records"][0]["name"] = unicodedata.normalize("NFD", data["records"][0]["name"])
    doc = parse_document(data, "nfd.json")
    name = doc.records[0].text("name")
    assert unicodedata.is_normalized("NFC", name)


def test_must_not_appear_names_cannot_become_entities() -> None:
    data = {"source": {"id": "spam", "province": "Điện Biên"},
            "records": [{"type": "bloc", "name": "Cụm thi đua vùng thấp", "province": "Điện Biên"},
                        {"type": "role", "bloc": "Cụm thi đua vùng thấp", "unit": "UBND huyện lô đề online",
                         "role": "host", "year": 2018}],
            "must_not_appear": ["lô đề online"]}
    with pytest.raises(RecordError, match="must_not_appear"):
        parse_document(data, "spam.json")


# -- property tests: a document survives its own serialisation ---------------------------------

_names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40)\
    .filter(lambda s: s.strip() != "")
_years = st.integers(min_value=1945, max_value=2100)


@st.composite
def documents(draw: st.DrawFn) -> dict[str, object]:
    bloc = draw(_names)
    records: list[dict[str, object]] = [{"type": "bloc", "name": bloc, "province": "Lai Châu"}]
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["membership", "role", "covenant", "campaign"]))
        record: dict[str, object] = {"type": kind}
        if kind == "campaign":
            record["name"] = draw(_names)
        else:
            record |= {"bloc": bloc, "year": draw(_years)}
        if kind in ("membership", "role"):
            record["unit"] = draw(_names)
        if kind == "role":
            record["role"] = draw(st.sampled_from(["chair", "vice_chair", "host"]))
        records.append(record)
    return {"source": {"id": draw(st.from_regex(r"[a-z0-9][a-z0-9_-]{0,20}", fullmatch=True)),
                       "province": "Lai Châu"}, "records": records}


@given(documents())
@settings(max_examples=60, deadline=None)
def test_documents_round_trip_through_their_json(data: dict[str, object]) -> None:
    doc = parse_document(data, "generated.json")
    again = parse_document(doc.to_json(), "again.json")
    assert again.to_json() == doc.to_json()
    assert [r.type for r in again.records] == [r["type"] for r in data["records"]]  # type: ignore[index,union-attr]


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=20))
@settings(max_examples=150, deadline=None)
def test_any_json_value_is_a_document_or_a_record_error(value: object) -> None:
    try:
        parse_document(value, "fuzz.json")
    except RecordError as exc:
        assert exc.problems and all(p.file == "fuzz.json" for p in exc.problems)


def _documents_and_mutants(gold_dir: Path) -> list[object]:
    """Every gold and dev-set document, each invalid example, and single-field mutations of a gold record."""
    import contextlib
    import copy

    from tdkt.loaders.structured import load_json, load_yaml

    docs: list[object] = []
    for path in [*sorted(gold_dir.glob("*.json")), *sorted((gold_dir.parent / "devset" / "gold").glob("*.json"))]:
        docs.append(load_json(path))
    for path in [*INVALID, *sorted((RECORDS / "valid").iterdir())]:
        if path.suffix == ".json":
            with contextlib.suppress(RecordError):  # broken.json is not JSON at all
                docs.append(load_json(path))
        elif path.suffix in (".yaml", ".yml"):
            docs.append(load_yaml(path)[0])
    base = load_json(sorted(gold_dir.glob("*.json"))[0])
    for index, record in enumerate(base["records"][:12]):
        for name in list(record):
            for value in ("", "x" * 600, -1, 1944, 2101, None, [], "2021-02-30", 1.5, True):
                mutant = copy.deepcopy(base)
                mutant["records"][index][name] = value
                docs.append(mutant)
    base_src = copy.deepcopy(base)
    base_src["source"]["published"] = "2021-13-01"
    docs.append(base_src)
    return docs


def test_the_fast_validator_agrees_with_jsonschema(gold_dir: Path) -> None:
    from tdkt.loaders.records import _fast_validator, _normalise

    docs = _documents_and_mutants(gold_dir)
    assert len(docs) > 300
    disagree = []
    for data in docs:
        normal = _normalise(data)
        slow = next(iter(_validator().iter_errors(normal)), None) is None
        if _fast_validator().is_valid(normal) != slow:
            disagree.append((slow, json.dumps(normal, ensure_ascii=False)[:300]))
    assert disagree == []


def test_nquads_in_pieces_state_the_quads_of_the_document(gold_docs: list[object]) -> None:
    """The streamed N-Quads of each gold document, in small pieces, hold exactly its quads and their
    default-graph copies."""
    import pyoxigraph as ox

    from tdkt.graph.identity import Identity
    from tdkt.graph.mapping import document_nquads, document_quads
    from tdkt.loaders.records import RecordsDocument

    for doc in gold_docs:
        assert isinstance(doc, RecordsDocument)
        quads = document_quads(doc, Identity())
        pieces = list(document_nquads(doc, Identity(), chunk_triples=50))
        assert len(pieces) > 2
        named = {q for text, _ in pieces for q in ox.parse(text.named, format=ox.RdfFormat.N_QUADS)}
        default = {q for text, _ in pieces for q in ox.parse(text.default, format=ox.RdfFormat.N_QUADS)}
        assert named == set(quads)
        assert default == {ox.Quad(q.subject, q.predicate, q.object) for q in quads}
        assert sum(n for _, n in pieces) >= len(quads)
