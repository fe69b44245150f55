"""Build the legacy-encoded test articles from their Unicode sources in ``src/``.

Run once by hand (``python tests/data/articles/make_fixtures.py``); the outputs
are committed. TCVN3 bytes come from inverting viparse's own TCVN3 table, so
the test checks that the extractor's detection reads back what the table
writes; Windows-1258 uses the standard codec on decomposed text; the NFD file
is the source in canonical decomposition.
"""

from __future__ import annotations

import shutil
import unicodedata
from pathlib import Path

from viparse.normalize.tcvn3 import TCVN3

HERE = Path(__file__).resolve().parent
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def to_tcvn3(text: str) -> bytes:
    inverse = {uni: legacy for legacy, uni in TCVN3.pairs if len(uni) == 1}
    out = []
    for c in unicodedata.normalize("NFC", text):
        legacy = inverse.get(c) or inverse.get(c.lower()) or c
        out.append(legacy)
    return "".join(out).encode("latin-1")


def to_cp1258(text: str) -> bytes:
    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        try:
            out += c.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", c)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in TONES))
        out += base.encode("cp1258") + "".join(p for p in parts if p in TONES).encode("cp1258")
    return bytes(out)


def main() -> None:
    src = HERE / "src"
    (HERE / "sonla_hoinongdan_2015.tcvn3.txt").write_bytes(to_tcvn3((src / "sonla_hoinongdan_2015.txt").read_text()))
    (HERE / "hoabinh_khoi_so_2023.cp1258.txt").write_bytes(to_cp1258((src / "hoabinh_khoi_so_2023.txt").read_text()))
    nfd = unicodedata.normalize("NFD", (src / "tuyenquang_cumxa_2024.txt").read_text())
    (HERE / "tuyenquang_cumxa_2024.nfd.txt").write_text(nfd, encoding="utf-8")
    for name in ("yenbai_huyen_2019.txt", "caobang_huyen_2013.txt", "laocai_doanhnghiep_2021.html"):
        shutil.copyfile(src / name, HERE / name)


if __name__ == "__main__":
    main()
