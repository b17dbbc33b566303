"""Text from a piece's bytes: UTF-32/16 by BOM or by their zero bytes, UTF-8, the declared charset,
UTF-8 with a few stray bytes read as cp1252, then cp1252 throughout (each of the last two with a
warning); and whether bytes are a binary file rather than text.
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
    (BOM allowed), then the declared charset, then (when none or UTF-8 is declared) UTF-8 with
    its few stray bytes read as cp1252, then cp1252, each of the last two with a warning."""
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
    codec = _known_codec(charset) if charset else None
    if charset and codec not in (None, "utf-8"):
        try:
            return data.decode(charset), ()
        except (UnicodeDecodeError, LookupError):
            pass
    if codec in (None, "utf-8"):
        mixed = _utf8_with_stray_bytes(data)
        if mixed is not None:
            return mixed
    text = data.decode("cp1252", errors="replace")
    return text, ("not valid UTF-8 and no working declared charset; read as cp1252, some characters may be wrong",)


# A byte UTF-8 cannot read, as decoding with "surrogateescape" leaves it: U+DC80 to U+DCFF.
_STRAY_BYTE = re.compile("[\udc80-\udcff]")
_NOT_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")


def _utf8_with_stray_bytes(data: bytes) -> tuple[str, tuple[str, ...]] | None:
    """A UTF-8 page with a few bytes of another encoding pasted in (a template or an ad snippet
    saved as Latin-1): its UTF-8 read as UTF-8, and each stray byte as cp1252. None when the
    stray bytes are as many as the characters UTF-8 reads past ASCII: a page in a one-byte
    encoding throughout. Each byte read alone is one character, so places keep their columns."""
    text = data.decode("utf-8-sig", errors="surrogateescape")
    stray = len(_STRAY_BYTE.findall(text))
    if len(_NOT_ASCII.findall(text)) <= stray:
        return None
    text = _STRAY_BYTE.sub(_as_cp1252, text)
    return text, (f"not valid UTF-8 throughout; {stray} stray byte(s) read as cp1252",)


def _as_cp1252(match: re.Match[str]) -> str:
    byte = ord(match.group()) - 0xDC00
    # The five bytes cp1252 leaves undefined are the C1 controls of the same number, as in browsers.
    return bytes((byte,)).decode("cp1252", errors="ignore") or chr(byte)


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
