"""Citations in reStructuredText, read by docutils (the format's own parser).

docutils resolves every form of link to a ``reference`` node with its ``refuri``: inline
```text <url>`_``, anonymous ```text <url>`__``, named references with their ``.. _name: url``
targets, and standalone URLs. Sniffing the text as HTML or Markdown instead loses links: an author
line such as ``<p.f.moore@gmail.com>`` looks like a ``<p>`` tag, and Markdown reads the ``__`` of an
anonymous reference as emphasis.

docutils gives lines, not columns, so each URL's exact place is found in the text itself: the
written URL searched for from the line of its paragraph, with a cursor that only moves forward.
Directives that read other files or pass raw markup through are turned off: a piece is text, not
a program.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from linkaudit.extract.claims import sentence_text
from linkaudit.extract.common import LineIndex, readable_text, non_citation_reason, resolve_url
from linkaudit.extract.text import extract_text
from linkaudit.models import Citation, Document, Location, NonCitation, claim_id_for

__all__ = ["RstExtraction", "extract_rst"]

# Quiet (no report on stderr, no exception for errors in the text) and closed to the filesystem.
_DOCUTILS_SETTINGS = {
    "report_level": 5,
    "halt_level": 5,
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "_disable_config": True,
    "input_encoding": "unicode",
    "traceback": True,
    "syntax_highlight": "none",
}
_LINE_WRAP = r"(?:[ \t]*\r?\n[ \t]*)?"
_TITLE_HEADER = re.compile(r"^Title:[ \t]*(\S.*)$", re.MULTILINE)
# Elements whose text is one block of prose: a claim never runs across them.
_BLOCK_NAMES = frozenset({"paragraph", "title", "term", "field_body", "line", "attribution", "caption", "rubric", "entry"})


@dataclass(frozen=True, slots=True)
class RstExtraction:
    title: str | None
    citations: tuple[Citation, ...]
    non_citations: tuple[NonCitation, ...] = ()
    warnings: tuple[str, ...] = ()
    fields: dict[str, str] | None = None  # the document's bibliographic fields (:Date:, :Author:)


def extract_rst(document: Document, *, base_url: str | None = None) -> RstExtraction:
    """Every hyperlink of a reStructuredText piece, with its sentence as the claim."""
    try:
        tree = _doctree(document.text)
    except RecursionError:
        return _as_plain_text(document, base_url)
    lines = LineIndex(document.text)
    locator = _Locator(document.text)
    base = base_url or document.base_url
    citations: list[Citation] = []
    non_citations: list[NonCitation] = []
    warnings: list[str] = []
    heading: str | None = None
    claims = _Claims()
    for node in tree.findall(_is_reference_or_title):
        if node.tagname == "title":
            heading = readable_text(node.astext()) or heading
            continue
        written = node["refuri"]
        line = _line_of(node)
        # A role (:pep:`8`, :rfc:`2616`) makes its URL: the role as written is where it stands.
        offset = locator.find(written)
        if offset is None:
            offset = locator.find(node.rawsource)
        if offset is None:
            warnings.append(f"line {line or 1}: could not find where {written!r} is written")
            location = Location(document.source, line or 1, 1)
        else:
            location = Location(document.source, *lines.position(offset))
        reason = non_citation_reason(written)
        if reason is not None:
            non_citations.append(NonCitation(written, reason, location))
            continue
        claim = claims.claim(node)
        url, internal = resolve_url(written, base)
        citations.append(
            Citation(
                url=url,
                written=written,
                anchor=readable_text(node.astext()),
                claim=claim,
                claim_id=claim_id_for(claim),
                location=location,
                heading=heading,
                internal=internal,
            )
        )
    return RstExtraction(
        title=_title(tree, document.text),
        citations=tuple(citations),
        non_citations=tuple(non_citations),
        warnings=tuple(warnings),
        fields=_fields(tree),
    )


def _as_plain_text(document: Document, base_url: str | None) -> RstExtraction:
    """docutils recurses once per level of nesting (a few hundred nested lists exhaust the stack):
    such a piece is read as plain text, its bare URLs kept, and the report says so."""
    plain = extract_text(document, base_url=base_url)
    note = "reStructuredText nested too deep to be parsed: could not be read whole; bare URLs read as plain text"
    return RstExtraction(
        title=plain.title,
        citations=plain.citations,
        non_citations=plain.non_citations,
        warnings=(note, *plain.warnings),
    )


def _doctree(text: str):  # type: ignore[no-untyped-def]
    # Imported here: docutils takes a tenth of a second to import, and few runs read .rst.
    import docutils.core

    settings = {**_DOCUTILS_SETTINGS, "warning_stream": io.StringIO()}
    return docutils.core.publish_doctree(text, settings_overrides=settings)


def _is_reference_or_title(node) -> bool:  # type: ignore[no-untyped-def]
    tagname = getattr(node, "tagname", "")
    if tagname == "reference":
        return bool(node.get("refuri"))
    return tagname == "title" and getattr(node.parent, "tagname", "") == "section"


def _line_of(node) -> int | None:  # type: ignore[no-untyped-def]
    """The source line docutils recorded for the node or its nearest ancestor that has one."""
    while node is not None:
        line = getattr(node, "line", None)
        if line:
            return int(line)
        node = node.parent
    return None


class _Claims:
    """Each link's sentence; a block's text is assembled once however many links it holds."""

    def __init__(self) -> None:
        self._blocks: dict[int, tuple[str, dict[int, tuple[int, int]]]] = {}

    def claim(self, node) -> str:  # type: ignore[no-untyped-def]
        block = node
        while block.parent is not None and block.tagname not in _BLOCK_NAMES:
            block = block.parent
        if block.tagname not in _BLOCK_NAMES:
            return readable_text(node.astext())
        if id(block) not in self._blocks:
            self._blocks[id(block)] = _text_and_spans(block)
        text, spans = self._blocks[id(block)]
        start, end = spans.get(id(node), (0, 0))
        return sentence_text(text, start, end) or readable_text(node.astext())


def _text_and_spans(block) -> tuple[str, dict[int, tuple[int, int]]]:  # type: ignore[no-untyped-def]
    """The block's reader-visible text, and where each reference's text sits in it."""
    import docutils.nodes

    parts: list[str] = []
    length = 0
    spans: dict[int, tuple[int, int]] = {}
    open_references: list[tuple[object, int]] = []
    for piece in block.findall(include_self=False):
        while open_references and not _inside(piece, open_references[-1][0]):
            reference, start = open_references.pop()
            spans[id(reference)] = (start, length)
        if getattr(piece, "tagname", "") == "reference":
            open_references.append((piece, length))
        if isinstance(piece, docutils.nodes.Text):
            parts.append(str(piece))
            length += len(piece)
    for reference, start in open_references:
        spans[id(reference)] = (start, length)
    return "".join(parts), spans


def _inside(node, ancestor) -> bool:  # type: ignore[no-untyped-def]
    parent = node.parent
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.parent
    return False


def _title(tree, text: str) -> str | None:  # type: ignore[no-untyped-def]
    title = tree.get("title")
    if title:
        return readable_text(title)
    header = _TITLE_HEADER.search(text, 0, 2000)  # a PEP's RFC 2822 header
    if header:
        return readable_text(header.group(1))
    for node in tree.findall(lambda n: getattr(n, "tagname", "") == "title"):
        return readable_text(node.astext()) or None
    return None


def _fields(tree) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Bibliographic fields docutils recognised at the top (:Date:, :Author:), by name."""
    fields: dict[str, str] = {}
    for docinfo in tree.findall(lambda n: getattr(n, "tagname", "") == "docinfo"):
        for child in docinfo.children:
            if child.tagname == "field" and len(child.children) == 2:
                fields.setdefault(child.children[0].astext().strip().lower(), child.children[1].astext().strip())
            else:
                fields.setdefault(child.tagname, child.astext().strip())
    return fields


class _Locator:
    """Where each written URL starts in the text: the next place after the previous find (links
    come in the order they are written), else the first anywhere (a named target defined before
    its use)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._cursor = 0

    def find(self, written: str) -> int | None:
        if not written:
            return None
        needles = (written, written[len("mailto:") :]) if written.startswith("mailto:") else (written,)
        for needle in needles:
            found = self._text.find(needle, self._cursor)
            if found != -1:
                self._cursor = found + 1
                return found
        for needle in needles:
            found = self._text.find(needle)
            if found != -1:
                return found
        return self._find_wrapped(written)

    def _find_wrapped(self, written: str) -> int | None:
        """Where a URL wrapped over lines starts: docutils drops the whitespace inside an embedded
        or target URI (``<https://example.org/`` and ``long/path>`` on the next line). Only line
        breaks are taken for wraps: a target's name written as a URI by mistake
        (```later <Some Section>`_``) would otherwise be found wherever its words stand."""
        if len(written) < 2 or any(character.isspace() for character in written):
            return None
        pattern = re.compile(_LINE_WRAP.join(map(re.escape, written)))
        found = pattern.search(self._text, self._cursor) or pattern.search(self._text)
        if found is None:
            return None
        if found.start() >= self._cursor:
            self._cursor = found.start() + 1
        return found.start()
