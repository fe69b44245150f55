"""The one error views raise: a message a user can act on (the CLI prints it as one line)."""

from __future__ import annotations

from tdkt.kernel.errors import TdktError


class ViewError(TdktError):
    """A view cannot be drawn: an unknown view or parameter, a bad style file, nothing to show."""
