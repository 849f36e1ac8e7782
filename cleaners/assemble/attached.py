"""The attachments of an article: the files all its pages link to, with their text once read."""

from __future__ import annotations

from dataclasses import replace

from cleaners.documents.reader import document_text
from cleaners.links.companions import page_attachments
from cleaners.links.urls import canonicalize_url
from cleaners.records import Attachment, Page


def record_attachments(page: Page) -> tuple[Attachment, ...]:
    """Return the attachment links of an article's pages, each with the text of its file
    when the file was fetched (in `page.files`, by URL) and could be read.
    """
    files = {file.url: file for file in page.files}
    found: dict[str, Attachment] = {}
    for one in (page, *page.parts):
        for link in page_attachments(one.body, one.header("content-type"), one.url):
            url = canonicalize_url(link.url) or link.url
            if url not in found:
                found[url] = replace(link, url=url)
    return tuple(_with_text(item, files.get(item.url)) for item in found.values())


def _with_text(item: Attachment, file: Page | None) -> Attachment:
    """Return the attachment with its file's text, when there is a file and it reads."""
    if file is None:
        return item
    return replace(item, text=document_text(file.body, item.type))
