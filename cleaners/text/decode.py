"""Turn fetched bytes into text with the right charset, never mojibake.

Order of evidence: byte-order mark, the HTTP charset, the page's own declaration
(<meta charset>, <meta http-equiv>, XML declaration), then UTF-8 validity, then GB18030 when
the undeclared bytes decode cleanly into mostly CJK text, then detection. Every
candidate is tried strictly; only when all fail is a lossy decode recorded.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

import charset_normalizer
import ftfy

# Pages declaring these are in practice GB18030 (a strict superset): 镕, 喆, 堃 need it.
GB_FAMILY = frozenset({"gb2312", "gbk", "x-gbk", "cp936", "gb_2312-80", "csgb2312", "euc-cn"})
GB_SUPERSET = "gb18030"
# The page's own declaration sits in its first bytes; no need to scan the whole body.
SNIFF_BYTES = 4096
# <meta charset="x">, <meta http-equiv=... content="text/html; charset=x">, <?xml encoding="x"?>
META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_:.\-]+)""", re.I)
# A leading wrapper line like <text id="URL" encoding="gb2312"> declares too.
WRAPPER_ENCODING = re.compile(
    rb"""^\s*<text\b[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_:.\-]+)""", re.I
)
# Server defaults sent whatever the page holds: a page's own declaration beats them (Latin-1
# decodes any bytes, so trusting it would turn every GBK page behind a misconfigured server
# into mojibake).
SERVER_DEFAULTS = frozenset({"iso8859-1", "cp1252", "ascii"})
HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
HTML_TYPES = ("text/html", "application/xhtml+xml")  # media types of a page to read as HTML
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Valid UTF-8 bytes are UTF-8 (other charsets almost never validate): tried before detection.
UTF8 = "utf-8"
# Chinese portals that declare nothing are most often GB18030 or UTF-8: try these before giving up.
LAST_RESORTS = ("utf-8", GB_SUPERSET)
# Undeclared bytes that decode as GB18030 (a few cut-off pairs aside, MAX_DAMAGED_SHARE) into
# text whose non-ASCII characters are mostly CJK are GB18030, whatever a generic detector
# guesses: other scripts' text almost never decodes so (a lone high byte before a space or an
# ASCII letter is no GB18030 pair), and GB18030 is the Chinese portals' undeclared charset.
MIN_CJK_SHARE = 0.6  # "mostly": over half, with room for full-width punctuation and symbols
CJK_OR_PUNCTUATION = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
NON_ASCII = re.compile(r"[^\x00-\x7f]")
# A declared charset that leaves fewer bad bytes than this share is right with a few damaged
# characters (truncated multibyte sequences in old forum pages); more means it is the wrong one.
MAX_DAMAGED_SHARE = 0.002
# ftfy only runs when the text shows the marks of a UTF-8 text decoded as Latin-1 / cp1252.
MOJIBAKE_MARKS = re.compile("[ÃÂâåæçèéäï][\u0080-\u00bf\u2018-\u203a]")
# Repair encodings only: full-width punctuation and curly quotes are Chinese text, not damage.
FTFY_CONFIG = ftfy.TextFixerConfig(
    fix_character_width=False, uncurl_quotes=False, fix_latin_ligatures=False
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text of a document and how it was obtained."""

    text: str
    encoding: str  # charset the bytes were decoded with (normalised codec name)
    fallback: bool  # True when no charset decoded the bytes cleanly and errors were replaced


def is_html_type(content_type: str | None) -> bool:
    """Tell whether a Content-Type names an HTML page; a missing or empty one counts as HTML."""
    media = (content_type or "").strip().lower()
    return not media or media.startswith(HTML_TYPES)


def canonical_charset(label: str | None) -> str | None:
    """Return the Python codec name for a charset label, widening the GB family to GB18030."""
    if not label:
        return None
    cleaned = label.strip().strip("\"'").lower()
    if cleaned in GB_FAMILY:
        return GB_SUPERSET
    try:
        name = codecs.lookup(cleaned).name
    except LookupError:
        return None
    return GB_SUPERSET if name in GB_FAMILY else name


def _bom(body: bytes) -> tuple[str, bytes] | None:
    for mark, name in BOMS:
        if body.startswith(mark):
            return name, body[len(mark) :]
    return None


def _declared(body: bytes) -> str | None:
    head = body[:SNIFF_BYTES]
    for pattern in (META_CHARSET, XML_ENCODING, WRAPPER_ENCODING):
        match = pattern.search(head)
        if match:
            charset = canonical_charset(match.group(1).decode("ascii", "ignore"))
            if charset:
                return charset
    return None


def _header_charset(content_type: str | None) -> str | None:
    match = HEADER_CHARSET.search(content_type or "")
    return canonical_charset(match.group(1)) if match else None


def _strict(body: bytes, charset: str) -> str | None:
    try:
        return body.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return None


def _detected(body: bytes) -> str | None:
    best = charset_normalizer.from_bytes(body).best()
    return canonical_charset(best.encoding) if best else None


def mostly_cjk(text: str) -> bool:
    """Tell whether the non-ASCII characters of a text are mostly CJK (ideographs, punctuation)."""
    foreign = len(NON_ASCII.findall(text))
    return foreign > 0 and len(CJK_OR_PUNCTUATION.findall(text)) >= MIN_CJK_SHARE * foreign


def _unique(charsets: tuple[str | None, ...]) -> list[str]:
    ordered: list[str] = []
    for charset in charsets:
        if charset and charset not in ordered:
            ordered.append(charset)
    return ordered


def _lossy(body: bytes, charset: str) -> Decoded:
    return Decoded(body.decode(charset, errors="replace"), charset, fallback=True)


def _damaged_share(decoded: Decoded) -> float:
    return decoded.text.count("\ufffd") / max(len(decoded.text), 1)


def _gb18030_text(body: bytes) -> Decoded | None:
    """Return the bytes as GB18030 when they decode cleanly (a few cut-off pairs aside) into
    mostly CJK text."""
    text = _strict(body, GB_SUPERSET)
    decoded = _lossy(body, GB_SUPERSET) if text is None else Decoded(text, GB_SUPERSET, False)
    if _damaged_share(decoded) >= MAX_DAMAGED_SHARE or not mostly_cjk(decoded.text):
        return None
    return decoded


def _decode(body: bytes, declared: tuple[str | None, ...]) -> Decoded:
    bom = _bom(body)
    if bom:
        name, rest = bom
        return Decoded(rest.decode(name, errors="replace"), name, fallback=False)
    if not body:
        return Decoded("", "utf-8", fallback=False)
    stated = _unique(declared)
    for charset in stated:
        text = _strict(body, charset)
        if text is not None:
            return Decoded(text, charset, fallback=False)
    text = _strict(body, UTF8)
    if text is not None:  # bytes that are valid UTF-8 are UTF-8, whatever the page declares
        return Decoded(text, UTF8, fallback=False)
    nearly = [_lossy(body, charset) for charset in stated]
    nearly = [d for d in nearly if _damaged_share(d) < MAX_DAMAGED_SHARE]
    if nearly:
        return min(nearly, key=_damaged_share)
    if not stated:
        chinese = _gb18030_text(body)
        if chinese is not None:
            return chinese
    guessed = _unique((UTF8, _detected(body), *LAST_RESORTS))
    for charset in guessed:
        text = _strict(body, charset)
        if text is not None:
            return Decoded(text, charset, fallback=False)
    return min((_lossy(body, c) for c in (*stated, *guessed)), key=_damaged_share)


def decode_html(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode an HTML body: BOM, HTTP charset, in-page declaration, detection, lossy fallback."""
    header, declared = _header_charset(content_type), _declared(body)
    if header in SERVER_DEFAULTS and declared:
        return _decode(body, (declared, header))
    return _decode(body, (header, declared))


def decode_text(body: bytes) -> Decoded:
    """Decode a plain text file, repairing text that was already mojibake when it was saved."""
    decoded = _decode(body, ())
    if not MOJIBAKE_MARKS.search(decoded.text):
        return decoded
    return Decoded(ftfy.fix_text(decoded.text, FTFY_CONFIG), decoded.encoding, decoded.fallback)
