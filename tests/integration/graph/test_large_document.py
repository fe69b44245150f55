"""A large records document streams into the store: read whole, but mapped and written piece by piece."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from tests.integration.cli.test_limits import peak_mb_of

pytestmark = pytest.mark.slow


def large_document(path: Path, records: int) -> Path:
    """One source, 50 blocs and ``records`` memberships (about 115 bytes each)."""
    blocs = [f"Cụm thi đua số {i:02d}" for i in range(1, 51)]
    items = [{"type": "bloc", "name": b, "province": "Lai Châu"} for b in blocs]
    items += [{"type": "membership", "bloc": blocs[n % 50], "unit": f"Ủy ban nhân dân xã Số {n // 50:04d}",
               "year": 2000 + n % 25} for n in range(records)]
    doc = {"source": {"id": "large", "province": "Lai Châu"}, "records": items}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_large_document_streams_in_bounded_memory(tmp_path: Path) -> None:
    doc = large_document(tmp_path / "large.json", 45_000)
    size_mb = doc.stat().st_size / 2**20
    assert size_mb > 4
    store = tmp_path / "store"
    code, err, peak = peak_mb_of([sys.executable, "-m", "tdkt", "--store", str(store), "load", str(doc)])
    assert code == 0, err
    # in place, one SPARQL update held ~600 times the document (5 MB: 3.1 GB); streamed in bulk it is a
    # small multiple, most of it the parsed document and the bulk loader's buffers
    assert peak < 2000, f"tdkt load of a {size_mb:.1f} MB document peaked at {peak:.0f} MB"
    opened = ox.Store.read_only(str(store))
    members = opened.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/tdkt/id/source/large> "
                           "{ ?m a <https://w3id.org/tdkt/ontology#BlocMembership> } }")
    assert isinstance(members, ox.QuerySolutions)
    assert int(next(iter(members))["n"].value) == 45_000
    assert "loaded 1 records documents" in err
