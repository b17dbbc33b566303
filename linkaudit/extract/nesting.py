"""Markup the HTML parser would not read whole.

libxml2 stops adding elements to the tree about 2,045 levels down (even with huge_tree): everything
below that depth, and everything after it in the file, is left out. It also drops what follows
`</html>`, and everything after an `<html/>` or `<body/>` written as if empty. Blanking out with
spaces (so every offset in the text stays where it was) the start and end tags nested past a safe
depth, except those that carry a link, the end tags of the body and the page, and the slash of an
empty page or body tag, lets it read every link.
"""

from __future__ import annotations

import re

__all__ = ["MAX_NESTING", "readable_markup"]

MAX_NESTING = 1000
_TAG = re.compile(r"<!--.*?(?:-->|\Z)|<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.DOTALL)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_PAGE_ENDS = frozenset({"body", "html"})
_CARRIES_LINK = re.compile(r"""(?:^|[\s"'/])(?:href|cite)\s*=""", re.IGNORECASE)


def readable_markup(markup: str, limit: int = MAX_NESTING) -> str | None:
    """The markup with tags nested deeper than ``limit`` and the page's end tags blanked out,
    or None when there are none."""
    stack: list[tuple[str, bool]] = []
    blanks: list[tuple[int, int]] = []
    for match in _TAG.finditer(markup):
        name = match.group(2)
        if name is None:
            continue
        name = name.lower()
        attributes = match.group(3) or ""
        if not match.group(1):
            if name in _PAGE_ENDS and attributes.rstrip().endswith("/"):
                # "<html xml:lang='de' />" (XHTML written as if the page were empty): libxml2
                # closes the page there and drops everything after; read as a start tag.
                blanks.append((match.start(3) + attributes.rindex("/"), match.start(3) + attributes.rindex("/") + 1))
                continue
            if name in _VOID or attributes.rstrip().endswith("/"):
                continue
            blank = len(stack) >= limit and not _CARRIES_LINK.search(attributes)
            stack.append((name, blank))
            if blank:
                blanks.append(match.span())
            continue
        if name in _PAGE_ENDS:
            blanks.append(match.span())
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == name:
                if stack[depth][1]:
                    blanks.append(match.span())
                del stack[depth:]
                break
    if not blanks:
        return None
    parts: list[str] = []
    cursor = 0
    for start, end in sorted(blanks):
        parts += [markup[cursor:start], " " * (end - start)]
        cursor = end
    parts.append(markup[cursor:])
    return "".join(parts)
