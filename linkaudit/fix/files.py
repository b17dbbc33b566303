"""Pieces as files: read them with the encoding they are written in, write them back unchanged
but for the fixes (atomically, keeping their permissions), or as copies, or as a diff."""

from __future__ import annotations

import codecs
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from linkaudit.atomic import write_text_atomic
from linkaudit.errors import InputError
from linkaudit.extract.sources import STDIN, read_sources
from linkaudit.models import Document
from linkaudit.options import ExtractOptions

__all__ = ["PieceFile", "read_pieces", "write_piece"]

# Tried in order: the first that spells the decoded text as the very bytes on disk is the file's.
_CODECS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1")


@dataclass(frozen=True, slots=True)
class PieceFile:
    document: Document
    path: str
    codec: str  # the encoding that writes the text back as the bytes it was read from
    mode: int  # permission bits, kept on rewrite


def read_pieces(sources: Sequence[str], settings: ExtractOptions) -> tuple[list[PieceFile], list[InputError]]:
    """The pieces to fix: files and directories only (a web page or stdin cannot be rewritten)."""
    errors: list[InputError] = []
    local: list[str] = []
    for source in sources:
        if source == STDIN or source.lower().startswith(("http://", "https://")):
            errors.append(InputError(source, "not a file: fix rewrites files (save the page, then fix the copy)"))
        else:
            local.append(source)
    documents, read_errors = read_sources(local, settings)
    errors.extend(read_errors)
    pieces: list[PieceFile] = []
    for document in documents:
        assert document.path is not None
        try:
            pieces.append(_piece(document, document.path))
        except InputError as error:
            errors.append(error)
    return pieces, errors


def _piece(document: Document, path: str) -> PieceFile:
    try:
        data = Path(path).read_bytes()
        mode = os.stat(path).st_mode & 0o7777
    except OSError as error:
        raise InputError(path, f"cannot be read ({error.strerror or error})") from None
    for codec in _CODECS:
        try:
            if document.text.encode(codec) == data:
                return PieceFile(document, path, codec, mode)
        except UnicodeEncodeError:
            continue
    if data.startswith(codecs.BOM_UTF16_BE):
        raise InputError(path, "UTF-16 big-endian with a byte-order mark: cannot be written back byte for byte; left alone")
    raise InputError(path, "its bytes do not decode and encode back unchanged (mixed or broken encoding); left alone")


def write_piece(piece: PieceFile, text: str, *, output_dir: str | None = None) -> str:
    """Write the fixed piece (in place, or under ``output_dir``); returns the path written.

    Raises InputError naming the file when it cannot be written or its new text cannot be encoded.
    """
    target = piece.path if output_dir is None else str(Path(output_dir) / _relative(piece.path))
    try:
        text.encode(piece.codec)
    except UnicodeEncodeError as error:
        raise InputError(piece.path, f"the fixed text cannot be written in {piece.codec} ({error.reason}); left alone") from None
    try:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(target, text, encoding=piece.codec)
        os.chmod(target, piece.mode)
    except OSError as error:
        raise InputError(target, f"cannot be written ({error.strerror or error})") from None
    return target


def _relative(path: str) -> str:
    """Where a piece goes under --output-dir: its path from here, or its name when it lies outside."""
    relative = os.path.relpath(os.path.abspath(path))
    return os.path.basename(path) if relative.startswith(os.pardir) else relative
