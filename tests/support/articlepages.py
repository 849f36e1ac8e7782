"""Article pages around real-length texts, for crawl tests served from a local server."""

from __future__ import annotations

from pathlib import Path

DEDUP = Path(__file__).resolve().parents[1] / "data" / "dedup"  # real-length article texts


def article(n: int) -> str:
    """Return an article page titled 第n号通知 around one of the real-length texts."""
    texts = sorted(DEDUP.glob("*.txt"))
    text = texts[n % len(texts)].read_text(encoding="utf-8").strip()
    paragraphs = "".join(f"<p>{line}</p>" for line in text.splitlines())
    return (
        f'<html><head><meta charset="utf-8"><title>第{n}号通知</title></head>'
        f"<body><h1>第{n}号通知</h1><div>{paragraphs}</div></body></html>"
    )
