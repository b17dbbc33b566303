"""Which files are pieces, and the kind their extension names.

Kept apart from the extract stage so that the command line's help can name them without loading the
stage. Content sniffing, which may overrule an extension, is in ``linkaudit.extract.sniff``.
"""

from __future__ import annotations

from linkaudit.models import DocumentKind

__all__ = ["EXTENSION_KINDS", "PIECE_EXTENSIONS"]

# Quarto (.qmd) and R Markdown (.Rmd) are Markdown with executable chunks; MDX is Markdown with JSX.
EXTENSION_KINDS = {
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
PIECE_EXTENSIONS = tuple(EXTENSION_KINDS)
