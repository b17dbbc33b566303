"""The extract stage: pieces in, citations (with claims, anchors, places and a date) out.

    read_sources   files, directories, URLs, stdin  ->  Documents (+ one InputError per bad source)
    extract        one Document                     ->  Extraction (by kind: HTML, Markdown, text)
    extract_sources  both, for a whole run
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import multiprocessing
import signal
import os
import re
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from linkaudit.errors import InputError
from linkaudit.extract.dates import DATED_HEAD_CHARS, piece_dates
from linkaudit.extract.escaped import forget_decoded, literal_spans, looks_escaped, unescape_spans
from linkaudit.extract.html import IN_SCRIPTS_ONLY, HtmlExtraction, extract_html, head_title
from linkaudit.extract.markdown import extract_markdown
from linkaudit.extract.rst import extract_rst
from linkaudit.extract.sniff import opens_html_document
from linkaudit.extract.sources import read_sources, sniff_kind
from linkaudit.extract.text import extract_text
from linkaudit.models import Citation, Document, DocumentKind, Extraction, NonCitation, claim_id_for
from linkaudit.options import ExtractOptions

__all__ = ["extract", "extract_sources", "piece_dates", "read_sources", "sniff_kind"]


def extract(document: Document, settings: ExtractOptions | None = None, *, every_copy: bool = False) -> Extraction:
    """Every citation in one piece, and the piece's publication date. A page's repeated copy of a
    citation (``REPEATED``) is listed as not a citation, unless ``every_copy`` is asked for: the
    fix stage edits every copy of a link it mends."""
    try:
        with _no_collections():
            return _extract(document, settings or ExtractOptions(), every_copy=every_copy)
    finally:
        forget_decoded()
        claim_id_for.cache_clear()  # the claims of a piece read are not held past it


@contextlib.contextmanager
def _no_collections() -> Iterator[None]:
    """Reading a piece makes several objects per link and keeps most of them to its end; the rest
    are freed by their reference counts. The cyclic collector finds next to nothing there (none
    on the hostile pieces of a megabyte, 1,026 objects over 800 real pages), yet each collection
    traverses the young objects, and a full one every object kept: a tenth of a link-dense piece's
    CPU. It is off while a piece is read, and what cycles the piece left are collected after."""
    global _reading  # noqa: PLW0603 - the collector is the process's own
    if _reading or not gc.isenabled():
        yield
        return
    _reading = True
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        _reading = False


_reading = False


def _extract(document: Document, settings: ExtractOptions, *, every_copy: bool = False) -> Extraction:
    # The page a piece was fetched from is the truth for its relative links; --base-url serves files.
    base_url = document.base_url or settings.base_url
    front_matter: Mapping[str, object] | None = None
    html_pages: tuple[str, ...] = ()
    header_text: str | None = None
    page_tree = None
    if document.kind is DocumentKind.HTML:
        html = extract_html(document, scope=settings.scope, base_url=base_url)
        page_tree = html.page_tree
        read_payload = False
        cites_nothing = all(citation.internal for citation in html.citations)
        if cites_nothing and not document.escaped and looks_escaped(document.text):
            # A script-built page (a React or Next.js shell) keeps its article in a JSON payload.
            payload = extract_html(dataclasses.replace(document, escaped=True), scope=settings.scope, base_url=base_url)
            if html.article_text is not None:
                payload = _sentences_of(html.article_text, payload)
            if any(not citation.internal for citation in payload.citations):
                note = "the page's own markup cites nothing; read the HTML escaped in its scripts"
                html = dataclasses.replace(payload, title=html.title or payload.title, warnings=(*payload.warnings, note))
                read_payload = True
        title, warnings = html.title, html.warnings
        citations, non_citations = (
            (list(html.citations), list(html.non_citations)) if every_copy else _first_copies(html.citations, html.non_citations)
        )
        if document.escaped and opens_html_document(document.text[:DATED_HEAD_CHARS]):
            # A script-built page read from its literals: its own head still names it.
            title = head_title(document.text) or title
        html_pages = _html_pages(document, read_payload=read_payload)
    elif document.kind is DocumentKind.MARKDOWN:
        markdown = extract_markdown(document, base_url=base_url)
        title, citations, non_citations, warnings = (
            markdown.title,
            markdown.citations,
            markdown.non_citations,
            markdown.warnings,
        )
        front_matter = markdown.front_matter
        header_text = document.text
    elif document.kind is DocumentKind.RST:
        rst = extract_rst(document, base_url=base_url)
        title, citations, non_citations, warnings = rst.title, rst.citations, rst.non_citations, rst.warnings
        front_matter = rst.fields
        header_text = document.text
    else:
        plain = extract_text(document, base_url=base_url)
        title, citations, non_citations, warnings = plain.title, plain.citations, plain.non_citations, plain.warnings
        header_text = document.text
    dates = piece_dates(
        option=settings.published,
        front_matter=front_matter,
        html_pages=html_pages,
        page_tree=page_tree,
        text=header_text,
        piece_url=base_url,
        path=document.path,
        # Each URL once: a piece that cites one source a thousand times has it read once.
        cited_urls=list(dict.fromkeys(citation.url for citation in citations if not citation.internal)),
    )
    return Extraction(
        source=document.source,
        kind=document.kind,
        title=title,
        published=dates.published,
        not_before=dates.not_before,
        citations=tuple(citations),
        non_citations=tuple(non_citations),
        warnings=tuple(document.warnings) + tuple(warnings),
        path=document.path,
    )



def _html_pages(document: Document, *, read_payload: bool) -> tuple[str, ...]:
    """Where an HTML piece's date may be written: the page as it is (its head keeps the metadata
    even when the article is read from its scripts, or the whole piece is read as escaped HTML),
    then the HTML escaped in its scripts; each cut to its first ``DATED_HEAD_CHARS``."""
    head = document.text[:DATED_HEAD_CHARS]
    if not (document.escaped or read_payload):
        return (head,)
    decoded, _ = unescape_spans(head, literal_spans(head))
    if document.escaped and not opens_html_document(head):
        return (decoded,)  # a payload on its own (a JSON file, a script): its literals are the piece
    return (head, decoded)


# Below this many pieces, starting worker processes costs more than it saves.
_PARALLEL_MIN_DOCUMENTS = 200
_CHUNK = 32


def extract_sources(
    sources: Sequence[str], settings: ExtractOptions | None = None
) -> tuple[list[Extraction], list[InputError]]:
    """Read and extract every source; one error per source that could not be read or parsed.

    Large batches are spread over the machine's cores; results keep the order of the sources.
    """
    settings = settings or ExtractOptions()
    documents, errors = read_sources(sources, settings)
    workers = min(os.cpu_count() or 1, len(documents) // _CHUNK + 1)
    if len(documents) >= _PARALLEL_MIN_DOCUMENTS and workers > 1:
        outcomes = _extract_in_processes(documents, settings, workers)
    else:
        outcomes = [_extract_or_problem(document, settings) for document in documents]
    extractions: list[Extraction] = []
    for outcome in outcomes:
        if isinstance(outcome, Extraction):
            extractions.append(outcome)
        else:
            errors.append(InputError(*outcome))
    return extractions, errors


def _extract_in_processes(documents: list[Document], settings: ExtractOptions, workers: int) -> list[Extraction | tuple[str, str]]:
    """Extract on ``workers`` cores: the calling process is one of them, so only ``workers - 1``
    interpreters are started (each costs about 45 MB before it does any work)."""
    pending = deque(enumerate(documents[start:start + _CHUNK] for start in range(0, len(documents), _CHUNK)))
    done: dict[int, list[Extraction | tuple[str, str]]] = {}
    sent: dict[int, Future[list[Extraction | tuple[str, str]]]] = {}
    # spawn: the workers inherit neither the threads (and locks) of a caller that runs an event
    # loop nor its memory, and no server process stands between them and us.
    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_ignore_interrupts) as pool:
        while pending:
            # Two chunks queued per worker keep it busy while we take our own share.
            while pending and sum(not future.done() for future in sent.values()) < 2 * (workers - 1):
                index, chunk = pending.popleft()
                sent[index] = pool.submit(_extract_chunk, chunk, settings)
            if pending:
                index, chunk = pending.popleft()
                done[index] = _extract_chunk(chunk, settings)
        done.update((index, future.result()) for index, future in sent.items())
    return [outcome for index in sorted(done) for outcome in done[index]]


def _extract_chunk(documents: list[Document], settings: ExtractOptions) -> list[Extraction | tuple[str, str]]:
    return [_extract_or_problem(document, settings) for document in documents]


def _ignore_interrupts() -> None:
    # Ctrl-C reaches every process of the group; the parent alone handles it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _extract_or_problem(document: Document, settings: ExtractOptions) -> Extraction | tuple[str, str]:
    """An extraction, or (source, problem) for malformed input: plain data, so it crosses processes."""
    try:
        return extract(document, settings)
    except RecursionError:
        return document.source, "nested too deeply to parse; skipped"
    except (ValueError, UnicodeError) as error:
        return document.source, f"malformed {document.kind} piece ({error}); skipped"


# A claim found in the article's text with this many words besides its link's is one of its
# sentences, not a menu's label, or a headline under a label ("Lea aquí:", "Le puede interesar:")
# that the article prints unlinked.
_WORDS_BESIDE_LINK = 4
_WORD = re.compile(r"\w+")


def _sentences_of(article_text: str, payload: HtmlExtraction) -> HtmlExtraction:
    """The payload's citations whose claim is a sentence of the article the page's own markup
    holds (the linked copy a CMS keeps in its scripts); the others, the menus, a blog host's
    toolbar and share buttons its scripts carry beside it, listed as not citations."""
    article = f" {' '.join(_WORD.findall(article_text.lower()))} "
    kept: list[Citation] = []
    set_aside: list[NonCitation] = []
    for citation in payload.citations:
        words = _WORD.findall(citation.claim.lower())
        beside_link = len(words) - len(_WORD.findall(citation.anchor))
        if beside_link >= _WORDS_BESIDE_LINK and f" {' '.join(words)} " in article:
            kept.append(citation)
        else:
            set_aside.append(NonCitation(citation.written, IN_SCRIPTS_ONLY, citation.location))
    return dataclasses.replace(payload, citations=tuple(kept), non_citations=(*payload.non_citations, *set_aside))


# A page whose scripts hold its article twice (a payload for the first render and one for the
# client's cache), or whose markup draws it twice (a mobile and a desktop copy), would cite each
# source twice: the second copy of a link in the same sentence is listed, not cited again.
REPEATED = "a repeat of a citation above: the same link in the same sentence"


def _first_copies(citations: Sequence[Citation], non_citations: Sequence[NonCitation]) -> tuple[list[Citation], list[NonCitation]]:
    seen: set[tuple[str, str, str]] = set()
    kept: list[Citation] = []
    repeats: list[NonCitation] = []
    for citation in citations:
        key = (citation.url, citation.anchor, citation.claim)
        if key in seen:
            repeats.append(NonCitation(citation.written, REPEATED, citation.location))
        else:
            seen.add(key)
            kept.append(citation)
    if not repeats:
        return kept, list(non_citations)
    # In the order they stand in the file, as every other list of links is.
    return kept, sorted([*non_citations, *repeats], key=lambda link: (link.location.line, link.location.column))
