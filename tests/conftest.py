"""Test-wide set-up: shared helpers in tests/support/ are importable as plain modules."""

from __future__ import annotations

import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SHARED = TESTS.parent.parent / "shared"  # the devset and seeds live beside the checkout

sys.path.insert(0, str(TESTS / "support"))
