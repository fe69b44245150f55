"""The tdkt command: thin commands over the library."""

from tdkt.cli.main import main

__all__ = ["main"]
