"""The ``tdkt`` commands, one module per family; each module lists its commands in ``COMMANDS``.

A command parses its options, calls the library (graph, queries, viz, web, loaders) and prints. Command
modules import only click, ``cli.settings`` and ``cli.options`` at the top (the library inside the command),
so that ``tdkt --help`` answers at once; they never import each other or ``cli.main``.
"""
