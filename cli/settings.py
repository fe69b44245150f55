"""The options every command shares: where the store is (``--store`` or ``--endpoint``) and the IRI base.

They are accepted before the sub-command (``tdkt --store S ask ...``) and after it (``tdkt ask ... --store S``).
Nothing heavy is imported here, so ``tdkt --help`` answers at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click

if TYPE_CHECKING:
    from tdkt.graph.identity import Identity
    from tdkt.graph.store import Store
    from tdkt.graph.write import Target

DEFAULT_STORE = "tdkt-store"
DEFAULT_BASE = "https://w3id.org/tdkt/id/"  # graph.namespaces.DEFAULT_BASE (a test checks they agree)
F = TypeVar("F", bound=Callable[..., None])


@dataclass
class Settings:
    """The one settings object: made by the ``tdkt`` group from its options, passed to every command as
    ``ctx.obj`` (``@click.pass_obj``), and updated by the same options given after the command."""

    store_path: Path
    endpoint: str | None
    update_endpoint: str | None
    base: str
    default_graph: str | None = None  # on a remote engine whose default graph is the union (graph.store.remote)

    @property
    def ids(self) -> Identity:
        from tdkt.graph.identity import Identity

        return Identity(self.base)

    @property
    def target(self) -> Target:
        """Where ``build`` and ``load`` write (graph.write)."""
        from tdkt.graph.write import Target

        return Target(self.store_path, self.endpoint, self.update_endpoint, self.default_graph)

    @contextmanager
    def store(self) -> Iterator[Store]:
        """The store to read: a read-only view; a --store folder that holds no store is an error naming it."""
        from tdkt.graph.store import open_view

        store = open_view(self.store_path, self.endpoint, self.default_graph)
        try:
            yield store
        finally:
            store.close()


def _set_store_option(ctx: click.Context, param: click.Parameter, value: object) -> None:
    if value is not None and param.name:
        setattr(ctx.find_object(Settings), param.name, value)


def store_options(command: F) -> F:
    """--store, --endpoint, --update-endpoint and --base accepted after the sub-command too."""
    for name, dest, kind, text in reversed((
            ("--store", "store_path", click.Path(path_type=Path), "Folder of the embedded Oxigraph store."),
            ("--endpoint", "endpoint", None, "Use this SPARQL 1.1 endpoint instead of the embedded store."),
            ("--update-endpoint", "update_endpoint", None, "SPARQL Update URL of the endpoint."),
            ("--default-graph", "default_graph", None, "The named graph standing for the default graph."),
            ("--base", "base", None, "Base of entity IRIs."))):
        command = click.option(name, dest, type=kind, default=None, expose_value=False, is_eager=False,
                               callback=_set_store_option, help=text + " (as before the command)")(command)
    return command
