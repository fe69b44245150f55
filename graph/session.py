"""The writer side of the build pipeline: where a build goes (:class:`Writer`) and one write in progress
(:class:`Session`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import pyoxigraph as ox

from tdkt.graph.derived import Derivation
from tdkt.graph.identity import Identity
from tdkt.graph.reading import Encoder, Payload
from tdkt.graph.store.base import Store


class Session(Protocol):
    """One write in progress: nothing is visible in the store until :meth:`commit`."""

    def write(self, graphs: Iterable[tuple[ox.NamedNode, Payload, int]]) -> None:
        """Add these graphs (name, payload, quads) to the write; each replaces the store's graph of its name."""

    def reference_version(self) -> str | None:
        """The version of the reference graphs the store holds (None: missing, partial or mixed)."""

    def view(self, derivation: Derivation) -> Store:
        """What ``derivation`` reads, as the store will hold it after the write."""

    def commit(self) -> int:
        """Make the write visible, at once; returns the number of source graphs dropped."""

    def abort(self) -> None:
        """Forget the write; the store stays as it was."""


class Writer(Protocol):
    """Where a build goes: :class:`TransactionWriter` or ``graph.bulk.FolderSwapWriter``."""

    name: str
    workers: int

    @property
    def encode(self) -> Encoder | None:
        """How mapped documents travel to the writer: as text (this encoder) or as quads (None)."""

    def begin(self, ids: Identity, replace_sources: bool) -> Session:
        """Start a write; with ``replace_sources`` every source graph it does not write is dropped."""
