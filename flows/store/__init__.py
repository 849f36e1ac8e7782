"""Everything that owns files in the data dir: WARC writer/reader/mend, corpus, SQLite state.

The crawl state, the near-duplicate index, the template store and the saved site rules live here.
May import: flows.net's records (what it archives), the base modules, cleaners; never Prefect.
"""
