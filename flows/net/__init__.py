"""Everything that speaks HTTP: the fetcher, the per-host gate, robots.txt, redirects, body reading.

Owns no file in the data dir: it hands each exchange (the record WARC keeps) to its caller.
May import: flows.config, flows.errors, cleaners; never the data dir's modules or Prefect.
"""
