"""The integration tier: real stores, real servers, the CLI, the browser, packaging."""
