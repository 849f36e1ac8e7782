"""Typed exports of the corpus for analysis tools: a Parquet dataset and one consolidated JSONL.

They read clean/ and never write the data dir, take no writer lock and never load Prefect.
May import: flows.errors, cleaners.
"""
