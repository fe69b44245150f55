"""The tdkt command: thin commands over the library (entry point: tdkt.cli.main:main)."""
