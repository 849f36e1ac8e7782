"""I/O and orchestration: config, discovery, fetching, raw store, state, writers, flows, CLI."""
