"""The test suite, in two tiers: ``tests/unit`` (pure functions on hand-written or read-in data, fast) and
``tests/integration`` (stores, servers, the CLI, the browser, packaging)."""
