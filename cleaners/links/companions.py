"""What an article page brings along: its further pages (a pager) and its attachment links."""

from __future__ import annotations

from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser

from cleaners.links.article_pager import article_parts
from cleaners.links.attachments import attachment_links
from cleaners.records import Attachment
from cleaners.text.decode import decode_html


@dataclass(frozen=True, slots=True)
class Companions:
    """The pages after an article's first (in order) and the files it links to."""

    parts: tuple[str, ...]
    attachments: tuple[Attachment, ...]


def read_companions(body: bytes, content_type: str | None, url: str) -> Companions:
    """Return the further pages and the attachment links of an article page."""
    tree = LexborHTMLParser(decode_html(body, content_type).text)
    return Companions(article_parts(tree, url), attachment_links(tree, url))


def page_attachments(body: bytes, content_type: str | None, url: str) -> tuple[Attachment, ...]:
    """Return the attachment links of one page (a part of an article, say)."""
    return attachment_links(LexborHTMLParser(decode_html(body, content_type).text), url)
