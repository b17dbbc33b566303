"""Text from a piece's bytes: UTF-32/16 by BOM or by their zero bytes, UTF-8, the declared charset,
then cp1252 with a warning; and whether bytes are a binary file rather than text.
"""

from __future__ import annotations

import codecs
import re

from linkaudit.charset import meta_charset

__all__ = ["decode", "looks_binary", "wide_encoding"]

_SAMPLE_BYTES = 64 * 1024
_DECLARATION_BYTES = 4096
_XML_ENCODING = re.compile(rb"\A<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I)


def decode(data: bytes, declared: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Text from bytes: UTF-32 or UTF-16 (by BOM, or by the zero bytes of ASCII text), UTF-8
    (BOM allowed), then the declared charset, then cp1252 with a warning."""
    wide = wide_encoding(data)
    if wide is not None:
        try:
            return data.decode(wide), ()
        except UnicodeDecodeError:
            text = data.decode(wide, errors="replace")
            return text, (f"not valid {wide.upper()} throughout; unreadable characters were replaced",)
    try:
        return data.decode("utf-8-sig"), ()
    except UnicodeDecodeError:
        pass
    charset = declared or _declared_charset(data)
    if charset and _known_codec(charset) not in (None, "utf-8"):
        try:
            return data.decode(charset), ()
        except (UnicodeDecodeError, LookupError):
            pass
    text = data.decode("cp1252", errors="replace")
    return text, ("not valid UTF-8 and no working declared charset; read as cp1252, some characters may be wrong",)


# The BOMs of UTF-32 begin with those of UTF-16: they are tried first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WIDE_SAMPLE_BYTES = 4096


def wide_encoding(data: bytes) -> str | None:
    """UTF-32 or UTF-16 from a BOM, or from where the zero bytes fall in text without one:
    mostly-ASCII text in UTF-32 has three zero bytes in every four, in UTF-16 one in every two."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    sample = data[: _WIDE_SAMPLE_BYTES - _WIDE_SAMPLE_BYTES % 4]
    if len(sample) < 4 or len(data) % 2:
        return None
    zeros = [sample[offset::4].count(0) * 4 / len(sample) for offset in range(4)]
    if len(data) % 4 == 0 and min(zeros[1], zeros[2], zeros[3]) > 0.9:
        return "utf-32-le"
    if len(data) % 4 == 0 and min(zeros[0], zeros[1], zeros[2]) > 0.9:
        return "utf-32-be"
    if min(zeros[1], zeros[3]) > 0.9 and max(zeros[0], zeros[2]) < 0.1:
        return "utf-16-le"
    if min(zeros[0], zeros[2]) > 0.9 and max(zeros[1], zeros[3]) < 0.1:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> bool:
    """Images, archives, PDFs: many zero bytes or control characters, not a stray few."""
    sample = data[:_SAMPLE_BYTES]
    controls = sum(sample.count(byte) for byte in _BINARY_CONTROLS)
    # Over 1%: a real page with stray NULs has a handful. And more than two: in a note of a few
    # lines one stray NUL is already over 1%, while even the shortest image header holds several.
    return controls > _STRAY_CONTROLS and controls * 100 > len(sample)


_STRAY_CONTROLS = 2


# Control bytes text does not hold (tab, line feed, form feed, carriage return and escape are text).
_BINARY_CONTROLS = bytes(byte for byte in range(32) if byte not in (9, 10, 12, 13, 27))


def _declared_charset(data: bytes) -> str | None:
    head = data[:_DECLARATION_BYTES]
    if match := _XML_ENCODING.match(head):
        return match.group(1).decode("ascii", errors="replace")
    return meta_charset(head)


def _known_codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None
