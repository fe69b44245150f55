"""The fast tier: pure functions, extractor stages, mapping, analytics on rows, views on hand-written rows."""
