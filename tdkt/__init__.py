"""TĐKT Graph: the command line that ties sources, records, graph, queries and views together."""

__version__ = "0.1.0"
