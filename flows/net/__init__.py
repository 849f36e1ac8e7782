"""Everything that speaks HTTP: the fetcher, the per-host gate, robots.txt, redirects, body reading.

Owns no file in the data dir; it hands each exchange to its caller.
May import: flows.store (the WARC record it builds), flows.config, flows.errors, cleaners.
"""
