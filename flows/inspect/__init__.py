"""Read-only corpus tools: `validate` against the record schema and `stats` of what a corpus holds.

They never write the data dir and never load Prefect, so they start fast.
May import: flows.errors, flows.config, cleaners.
"""
