"""Debian's Virtuoso on loopback, for the engine tests and the engine benchmark: one config, one launcher.

The ``-bin`` package (scripts/install-virtuoso.sh) has no service: each run gets its own config and data
folder, listens on 127.0.0.1 only, and is started and stopped by its PID. ``MaxQueryExecutionTime = 0`` means
no limit: at a limit Virtuoso answers what it has so far as if it were complete.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tdkt.web import backend

CONFIG = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
MaxCheckpointRemap = {remap}
Striping = 0

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = {folder}
MaxMemPoolSize = 2000000000
MaxOptimizeLayouts = {layouts}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}/www
ServerThreads = 10
MaxClientConnections = 10

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = {timeout}
"""
# Buffers are 8 kB pages: 20,000 (160 MB) hold the gold; 340,000 (2.7 GB) hold a million quads and their indexes.
SMALL = 20_000
LARGE = 340_000
DEFAULT_LAYOUTS = 1000  # Virtuoso's own default


@dataclass(frozen=True)
class Virtuoso:
    url: str
    sql_port: int
    folder: Path

    def bulk_load(self, name: str, timeout: float = 3600) -> None:
        """Virtuoso's own bulk loader on ``folder/name`` (N-Quads or TriG: the graph of each quad is kept)."""
        script = f"ld_dir('{self.folder}', '{name}', 'urn:tdkt:unused'); rdf_loader_run(); checkpoint;"
        done = subprocess.run([shutil.which("isql-vt") or "isql-vt", str(self.sql_port), "dba", "dba",
                               f"exec={script}"], capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"virtuoso's bulk load of {name} failed: {done.stderr[-2000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate the process started here (by its PID), killing it if it lingers."""
    process.terminate()
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


@contextlib.contextmanager
def running(command: list[str], probe: str, wait_s: float, folder: Path | None = None,
            env: dict[str, str] | None = None) -> Iterator[subprocess.Popen[bytes]]:
    """Start a server, wait until ``probe`` answers, yield the process, stop it by its PID. Its output goes to
    ``folder/server.out`` when a folder is given (shown if it does not start), else nowhere."""
    out_path = folder / "server.out" if folder is not None else None
    with open(out_path or "/dev/null", "wb") as out:
        process = subprocess.Popen(command, cwd=folder, stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        if not backend.wait_until_answers(probe, wait_s, lambda: process.poll() is None):
            log = out_path.read_text(errors="replace")[-2000:] if out_path else ""
            raise RuntimeError(f"{Path(command[0]).name} did not start within {wait_s:.0f} s {log}".rstrip())
        yield process
    finally:
        stop(process)


@contextlib.contextmanager
def running_virtuoso(folder: Path, buffers: int = SMALL, timeout_s: int = 0, max_rows: int = 1_000_000,
                     layouts: int = DEFAULT_LAYOUTS) -> Iterator[Virtuoso]:
    """Debian's Virtuoso on 127.0.0.1 with its own config and data in ``folder``; ``layouts`` is how many join
    orders its compiler tries per select (``MaxOptimizeLayouts``)."""
    binary = shutil.which("virtuoso-t")
    if binary is None:
        raise RuntimeError("virtuoso-t is missing: run bash scripts/install-virtuoso.sh (scripts/test.sh does)")
    (folder / "www").mkdir(parents=True, exist_ok=True)
    http_port, sql_port = backend.free_port(), backend.free_port()
    config = CONFIG.format(folder=folder, sql_port=sql_port, http_port=http_port, buffers=buffers,
                           dirty=buffers * 3 // 4, remap=max(2000, buffers // 2), max_rows=max_rows,
                           timeout=timeout_s, layouts=layouts)
    (folder / "virtuoso.ini").write_text(config, encoding="utf-8")
    url = f"http://127.0.0.1:{http_port}"
    with running([binary, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                 f"{url}/sparql?query=ASK%7B%7D", 120, folder):
        yield Virtuoso(url, sql_port, folder)
