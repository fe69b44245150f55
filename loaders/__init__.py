"""Sources to records: readers for records documents and Vietnamese text tools.

Loaders never import rdflib: the records they produce are the seam between
sources and the graph.
"""
