"""The analysts' library of named SPARQL queries (one ``.rq`` file per question)."""

from tdkt.queries.library import NamedQuery, Param, load_queries, run_query

__all__ = ["NamedQuery", "Param", "load_queries", "run_query"]
