"""Records to RDF: identity, mapping, stores, validation and export."""
