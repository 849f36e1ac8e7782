"""The JSON Schema of a corpus record, shipped as package data."""

from __future__ import annotations

import json
from importlib.resources import files
from typing import Any

RECORD_SCHEMA = "record.schema.json"  # file name inside this package


def load_record_schema() -> dict[str, Any]:
    """Return the record JSON Schema as a dict."""
    text = files(__name__).joinpath(RECORD_SCHEMA).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
