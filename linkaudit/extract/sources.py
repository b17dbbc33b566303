"""Reading pieces: files, directories, web pages and stdin, decoded and sniffed.

Every problem with one source becomes one ``InputError`` naming it; the others are still read.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit

import pathspec

from linkaudit.charset import meta_charset
from linkaudit.errors import InputError
from linkaudit.extract.escaped import looks_escaped
from linkaudit.extract.fetch import fetch_piece
from linkaudit.models import Document, DocumentKind
from linkaudit.options import ExtractOptions

__all__ = ["PIECE_EXTENSIONS", "STDIN", "decode", "read_sources", "sniff_kind"]

STDIN = "-"
STDIN_NAME = "<stdin>"
# Quarto (.qmd) and R Markdown (.Rmd) are Markdown with executable chunks; MDX is Markdown with JSX.
_EXTENSION_KINDS = {
    ".html": DocumentKind.HTML,
    ".htm": DocumentKind.HTML,
    ".xhtml": DocumentKind.HTML,
    ".md": DocumentKind.MARKDOWN,
    ".markdown": DocumentKind.MARKDOWN,
    ".mdx": DocumentKind.MARKDOWN,
    ".qmd": DocumentKind.MARKDOWN,
    ".rmd": DocumentKind.MARKDOWN,
    ".rst": DocumentKind.RST,
    ".txt": DocumentKind.TEXT,
    ".text": DocumentKind.TEXT,
}
# Inside a directory, the files read as pieces (and, under --changed-since, the changes that count).
PIECE_EXTENSIONS = tuple(_EXTENSION_KINDS)
# Formats whose extension settles the kind: their text may quote markup of other kinds.
_DECLARED_KINDS = frozenset({DocumentKind.MARKDOWN, DocumentKind.RST})
_SNIFF_CHARS = 64 * 1024
_DECLARATION_BYTES = 4096

_SPACES = re.compile(r"\s*")
_HTML_OPENING = re.compile(r"<(?:!doctype\s+html|html)\b", re.I)
_HTML_TAG = re.compile(
    r"</?(?:p|div|a|span|article|main|section|header|footer|nav|h[1-6]|ul|ol|li|table|tr|td|body|head|"
    r"meta|link|title|br|img|em|strong|b|i|blockquote|figure|script|style)\b[^<>]*>",
    re.I,
)
_MARKDOWN_MARKER = re.compile(
    r"^(?:#{1,6}[ \t]+\S|```|~~~|\[[^\]\n]+\]:[ \t]*\S)|\]\([^)\s\]]*\)|^\s{0,3}[-*+][ \t]+\[[^\]\n]+\]",
    re.M,
)
# Escaped tag openers and escaped attribute quotes: what a JavaScript string literal of HTML holds.
_ESCAPED_MARKUP = re.compile(r"\\(?:u003[cC]|x3[cC])|=\s*\\[\"']")
_ESCAPED_LINK = re.compile(r"(?:\\u003[cC]|\\x3[cC])a\s|<a\s[^<>]*?href\s*=\s*\\[\"']", re.IGNORECASE)
_ESCAPED_MIN_BULK = 200
_FRONT_MATTER_START = re.compile(r"\A(?:---|\+\+\+)[ \t]*\r?\n")
_XML_ENCODING = re.compile(rb"\A<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I)


# --- sniffing ------------------------------------------------------------------------------------


def sniff_kind(text: str, name: str | None) -> tuple[DocumentKind, bool]:
    """(kind, escaped) of a piece: what its content shows first, its file extension second.

    A Markdown extension or front matter settles it: a writer's Markdown may quote escaped HTML in
    a code block. Escaped HTML wins over real markup only when it is the bulk of the markup, so a
    page whose JSON-LD quotes a little escaped HTML is still read as the page it is.
    """
    sample = text[:_SNIFF_CHARS]
    by_extension = _EXTENSION_KINDS.get(_extension(name))
    if by_extension in _DECLARED_KINDS:
        return by_extension, False
    if _FRONT_MATTER_START.match(sample):
        return DocumentKind.MARKDOWN, False
    # Escaped HTML with no escaped link in it has no citation to give: a note that mentions
    # \u003c is text.
    if looks_escaped(sample) and _ESCAPED_LINK.search(sample) is not None:
        escaped_tags = _count(_ESCAPED_MARKUP, sample, limit=_ESCAPED_MIN_BULK)
        if escaped_tags >= 2 and escaped_tags > _count(_HTML_TAG, sample, limit=_ESCAPED_MIN_BULK):
            return DocumentKind.HTML, True
    if _opens_html_document(sample):
        return DocumentKind.HTML, False
    html_tags = _count(_HTML_TAG, sample, limit=20)
    markdown_marks = _count(_MARKDOWN_MARKER, sample, limit=20)
    if html_tags >= 3 and markdown_marks == 0:
        return DocumentKind.HTML, False
    if markdown_marks >= 1 and html_tags == 0:
        return DocumentKind.MARKDOWN, False
    by_extension = _EXTENSION_KINDS.get(_extension(name))
    if by_extension is not None and not (by_extension is DocumentKind.TEXT and markdown_marks):
        return by_extension, False
    if html_tags > markdown_marks:
        return DocumentKind.HTML, False
    if markdown_marks:
        return DocumentKind.MARKDOWN, False
    return DocumentKind.TEXT, False


def _opens_html_document(text: str) -> bool:
    """Whether the text starts as an HTML document: after an XML declaration and comments, a
    doctype or <html>. A scan, not a regex: each character is looked at once."""
    position = _SPACES.match(text).end()
    if text.startswith("<?xml", position):
        end = text.find(">", position)
        if end == -1:
            return False
        position = _SPACES.match(text, end + 1).end()
    while text.startswith("<!--", position):
        end = text.find("-->", position + 4)
        if end == -1:
            return False
        position = _SPACES.match(text, end + 3).end()
    return _HTML_OPENING.match(text, position) is not None


def _count(pattern: re.Pattern[str], text: str, *, limit: int) -> int:
    count = 0
    for _ in pattern.finditer(text):
        count += 1
        if count >= limit:
            break
    return count


def _extension(name: str | None) -> str:
    if not name:
        return ""
    path = urlsplit(name).path if "://" in name else name
    return os.path.splitext(path)[1].lower()


# --- decoding ------------------------------------------------------------------------------------


def decode(data: bytes, declared: str | None = None) -> tuple[str, tuple[str, ...]]:
    """Text from bytes: UTF-32 or UTF-16 (by BOM, or by the zero bytes of ASCII text), UTF-8
    (BOM allowed), then the declared charset, then cp1252 with a warning."""
    wide = _wide_encoding(data)
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


def _wide_encoding(data: bytes) -> str | None:
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


def _looks_binary(data: bytes) -> bool:
    """Images, archives, PDFs: many zero bytes or control characters, not a stray few."""
    sample = data[:_SNIFF_CHARS]
    controls = sum(sample.count(byte) for byte in _BINARY_CONTROLS)
    return controls * 100 > len(sample)  # over 1%: a real page with stray NULs has a handful


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


def _size_label(size: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            value = size / factor
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{size} bytes"


def _too_large(source: str, limit: int) -> InputError:
    return InputError(source, f"larger than the {_size_label(limit)} limit; skipped")


def _document_from_bytes(
    data: bytes,
    source: str,
    settings: ExtractOptions,
    *,
    path: str | None = None,
    base_url: str | None = None,
    declared: str | None = None,
) -> Document:
    if len(data) > settings.max_file_bytes:
        raise _too_large(source, settings.max_file_bytes)
    if not data.strip():
        raise InputError(source, "empty: nothing to read")
    dropped = ()
    if b"\x00" in data and _wide_encoding(data) is None:
        if _looks_binary(data):
            raise InputError(source, "binary file (contains NUL bytes), not a text piece")
        count = data.count(0)
        data = data.replace(b"\x00", b"")
        dropped = (f"{count} NUL byte{'s' if count != 1 else ''} dropped; line and column numbers count without them",)
    text, warnings = decode(data, declared)
    warnings = (*dropped, *warnings)
    kind, escaped = sniff_kind(text, path or source)
    return Document(
        source=source, text=text, kind=kind, escaped=escaped, base_url=base_url, path=path, warnings=warnings
    )


# --- the kinds of source -------------------------------------------------------------------------


def _read_file(path: str, settings: ExtractOptions) -> Document:
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            # A FIFO or a device never ends: reading one would wait forever.
            raise InputError(path, "not a regular file (a FIFO, socket or device); only regular files are read")
        size = status.st_size
        if size > settings.max_file_bytes:
            raise _too_large(path, settings.max_file_bytes)
        with open(path, "rb") as handle:
            data = handle.read(settings.max_file_bytes + 1)
    except FileNotFoundError:
        raise InputError(path, "no such file or directory") from None
    except PermissionError:
        raise InputError(path, "permission denied: cannot be read") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory") from None
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from None
    return _document_from_bytes(data, path, settings, path=path)


def _read_stdin(settings: ExtractOptions) -> Document:
    stream = getattr(sys.stdin, "buffer", None)
    try:
        data = stream.read(settings.max_file_bytes + 1) if stream is not None else sys.stdin.read().encode()
    except OSError as error:
        raise InputError(STDIN_NAME, f"cannot be read ({error})") from None
    return _document_from_bytes(data, STDIN_NAME, settings)


def _is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def _fetch(url: str, settings: ExtractOptions) -> Document:
    data, final_url, declared = fetch_piece(url, settings.fetch, max_bytes=settings.max_file_bytes)
    return _document_from_bytes(data, url, settings, base_url=final_url, declared=declared)


class _Gitignores:
    """The .gitignore rules that apply under one directory tree, read once per directory.

    The tree's root was named by the user, so it is read even when ignored (as ripgrep does): a
    rule of a .gitignore above it that matches the root itself (``_site/``) is left out, and the
    others (``*.log``) still apply beneath it.
    """

    def __init__(self, root: Path) -> None:
        self._root = root
        self._specs: dict[Path, pathspec.GitIgnoreSpec | None] = {}
        self._ancestors = _ancestors_within_repository(root)

    def _spec(self, directory: Path) -> pathspec.GitIgnoreSpec | None:
        if directory not in self._specs:
            ignore_file = directory / ".gitignore"
            try:
                lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                lines = []
            spec = pathspec.GitIgnoreSpec.from_lines(lines) if lines else None
            if spec is not None and directory in self._ancestors:
                spec = _not_matching(spec, self._root.relative_to(directory).as_posix() + "/")
            self._specs[directory] = spec
        return self._specs[directory]

    def ignored(self, path: Path, *, is_dir: bool) -> bool:
        inside = [parent for parent in reversed(path.parents) if parent == self._root or self._root in parent.parents]
        for directory in (*self._ancestors, *inside):
            spec = self._spec(directory)
            if spec is None:
                continue
            relative = path.relative_to(directory).as_posix() + ("/" if is_dir else "")
            if spec.match_file(relative):
                return True
        return False


def _not_matching(spec: pathspec.GitIgnoreSpec, named: str) -> pathspec.GitIgnoreSpec | None:
    """The rules of ``spec`` that do not match the directory the user named."""
    kept = [pattern for pattern in spec.patterns if pattern.include is None or not pattern.match_file(named)]
    return pathspec.GitIgnoreSpec(kept) if kept else None


def _ancestors_within_repository(root: Path) -> tuple[Path, ...]:
    """Directories above `root` up to its repository's top, whose .gitignore files apply too."""
    chain: list[Path] = []
    for directory in root.parents:
        chain.append(directory)
        if (directory / ".git").exists():
            return tuple(reversed(chain))
    return ()  # not in a repository: only .gitignore files inside the tree count


def _walk_directory(directory: str, settings: ExtractOptions) -> Iterator[str]:
    root = Path(directory).resolve()
    gitignores = None if settings.no_ignore else _Gitignores(root)
    include = pathspec.GitIgnoreSpec.from_lines(settings.include_paths) if settings.include_paths else None
    exclude = pathspec.GitIgnoreSpec.from_lines(settings.exclude_paths) if settings.exclude_paths else None
    # linkaudit's own reports are not pieces: an audit of "." must not read the last one's.
    skipped = {Path(directory).resolve() for directory in settings.skipped_dirs}
    for current, subdirectories, files in os.walk(root):
        here = Path(current)
        subdirectories[:] = sorted(
            name
            for name in subdirectories
            if name != ".git" and (here / name) not in skipped and not (gitignores and gitignores.ignored(here / name, is_dir=True))
        )
        for name in sorted(files):
            full = here / name
            relative = full.relative_to(root).as_posix()
            wanted = include.match_file(relative) if include else name.lower().endswith(PIECE_EXTENSIONS)
            if not wanted or (exclude and exclude.match_file(relative)):
                continue
            if gitignores and gitignores.ignored(full, is_dir=False):
                continue
            yield os.path.join(directory, os.path.relpath(full, root))


def read_sources(sources: Sequence[str], settings: ExtractOptions) -> tuple[list[Document], list[InputError]]:
    """Read every source (file, directory, http(s) URL, or "-" for stdin); one error per bad one."""
    documents: list[Document] = []
    errors: list[InputError] = []
    seen: set[str] = set()
    for source in sources:
        if _is_url(source):
            _collect(lambda: _fetch(source, settings), documents, errors)  # noqa: B023
        elif source == STDIN:
            _collect(lambda: _read_stdin(settings), documents, errors)
        elif os.path.isdir(source):
            found = list(_walk_directory(source, settings))
            if not found:
                looked_for = ", ".join(settings.include_paths or PIECE_EXTENSIONS)
                errors.append(InputError(source, f"directory holds no pieces (looked for {looked_for})"))
            for path in found:
                if _first_sighting(path, seen):
                    _collect(lambda: _read_file(path, settings), documents, errors)  # noqa: B023
        elif _first_sighting(source, seen):
            _collect(lambda: _read_file(source, settings), documents, errors)  # noqa: B023
    return documents, errors


def _first_sighting(path: str, seen: set[str]) -> bool:
    key = os.path.realpath(path)
    if key in seen:
        return False
    seen.add(key)
    return True


def _collect(read: Callable[[], Document], documents: list[Document], errors: list[InputError]) -> None:
    try:
        documents.append(read())
    except InputError as error:
        errors.append(error)
