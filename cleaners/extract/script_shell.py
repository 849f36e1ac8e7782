"""Pages that are only a script: anti-bot challenges, and script or meta redirects.

A challenge answers with a few hundred bytes (a few kB at most) of script that sets a cookie
and loads the page again, and shows no text; a redirect shell shows no text either and sends
the browser to one literal URL. Both are told by general signals (small body, script and no
visible text, what the script does), never by a vendor's variable names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from cleaners.extract.markup_depth import MAX_MARKUP_DEPTH, bytes_depth

MAX_SHELL_BYTES = 32_768  # challenges and redirect shells are small; an article page is larger
MAX_SHELL_TEXT_CHARS = 12  # visible characters a shell may show ("请稍候…", "Loading")
NOT_TEXT = ("script", "style", "noscript", "template")  # what a browser does not show as text
COOKIE_SET = re.compile(r"document\s*\[?\s*['\"]?\.?cookie['\"]?\s*\]?\s*=(?!=)")
RELOAD = re.compile(  # loading the same page again: reload(), or location set from itself
    r"location\s*\.\s*reload\s*\("
    r"|location(?:\s*\.\s*href)?\s*=(?!=)\s*(?:window\s*\.\s*|document\s*\.\s*)?location\b"
    r"|location\s*\.\s*(?:replace|assign)\s*\(\s*(?:window\s*\.\s*|document\s*\.\s*)?location\b"
)
OBFUSCATION = re.compile(  # packed code: escapes in bulk, eval of built strings, long blobs
    r"(?:\\x[0-9a-fA-F]{2}){8}|\beval\s*\(|String\s*\.\s*fromCharCode|\batob\s*\("
    r"|[A-Za-z0-9+/=_$.\[\]'\"]{400}"
)
# where a shell sends the browser: location = '…', location.href = '…', location.replace('…')
SCRIPT_TARGET = re.compile(
    r"(?:window\s*\.\s*|document\s*\.\s*|top\s*\.\s*|self\s*\.\s*)?location"
    r"(?:\s*\.\s*href)?\s*=(?!=)\s*(['\"])(?P<eq>[^'\"]{1,2000})\1(?=\s*(?:[;}]|$))"
    r"|location\s*\.\s*(?:replace|assign)\s*\(\s*(['\"])(?P<call>[^'\"]{1,2000})\3\s*\)"
)
REFRESH_URL = re.compile(
    r"^\s*\d*(?:\.\d+)?\s*[;,]?\s*(?:url\s*=\s*)?(['\"]?)(?P<url>[^'\"]+)\1", re.I
)
MAX_REFRESH_DELAY_S = 5  # a longer meta refresh is a page that refreshes, not a redirect
REFRESH_DELAY = re.compile(r"^\s*(\d+)")
WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True, slots=True)
class Shell:
    """What a small page without text holds: its inline script code, and whether it loads more."""

    code: str  # every inline script, joined
    external_scripts: int  # <script src=…> elements
    refresh: str | None  # content of a <meta http-equiv="refresh">


def read_shell(body: bytes) -> Shell | None:
    """Return the scripts of a page that shows (almost) no text, None for any other page."""
    if len(body) > MAX_SHELL_BYTES or not body.strip() or bytes_depth(body) > MAX_MARKUP_DEPTH:
        return None
    tree = LexborHTMLParser(body.decode("utf-8", errors="replace"))
    code = "\n".join(node.text(deep=True) or "" for node in tree.css("script:not([src])"))
    external = len(tree.css("script[src]"))
    refresh = next(
        (
            node.attributes.get("content") or ""
            for node in tree.css("meta[http-equiv]")
            if (node.attributes.get("http-equiv") or "").strip().lower() == "refresh"
        ),
        None,
    )
    tree.strip_tags(list(NOT_TEXT))
    root = tree.body or tree.root
    shown = "".join((root.text(deep=True) if root is not None else "").split())
    if len(shown) > MAX_SHELL_TEXT_CHARS:
        return None
    if not code.strip() and not external and refresh is None:
        return None
    return Shell(code, external, refresh)


def is_challenge(body: bytes, status: int) -> bool:
    """Tell whether a response is a JavaScript challenge: script, no text, a cookie or reload.

    A non-200 answer that is nothing but script is one already (no article answers 412 or
    202 with code); a 200 must also set a cookie, load itself again, or hide its code.
    """
    shell = read_shell(body)
    if shell is None or (not shell.code.strip() and not shell.external_scripts):
        return False
    if status != 200:
        return True
    code = shell.code
    return bool(COOKIE_SET.search(code) or RELOAD.search(code) or OBFUSCATION.search(code))


def shell_redirect(body: bytes, base_url: str) -> str | None:
    """Return the absolute URL a script or meta redirect shell sends to, None for other pages."""
    shell = read_shell(body)
    if shell is None or COOKIE_SET.search(shell.code):
        return None  # setting a cookie first is a challenge's handshake, not a plain redirect
    target = _refresh_target(shell.refresh) if shell.refresh is not None else None
    if target is None:
        found = SCRIPT_TARGET.search(shell.code)
        target = (found.group("eq") or found.group("call")) if found else None
    if target is None:
        return None
    absolute = urljoin(base_url, target.strip())
    if urlsplit(absolute).scheme not in WEB_SCHEMES or absolute == base_url:
        return None
    return absolute


def _refresh_target(content: str) -> str | None:
    """Return the URL of a meta refresh that fires soon, None for a plain refresh."""
    delay = REFRESH_DELAY.match(content)
    if delay and int(delay.group(1)) > MAX_REFRESH_DELAY_S:
        return None
    found = REFRESH_URL.match(content)
    if found is None or not re.search(r"url\s*=|[;,]", content, re.I):
        return None
    return found.group("url").strip() or None
