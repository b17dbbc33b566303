"""Fixing one piece: its citations matched with what the audit found, planned, written."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from linkaudit.extract.common import LineIndex
from linkaudit.extract.escaped import looks_escaped
from linkaudit.fix.edits import Edit, apply_edits
from linkaudit.fix.markup import HtmlView
from linkaudit.fix.plan import LinkFix, SavedCapture, plan_fixes
from linkaudit.fix.sites import LinkSite, SiteKind, find_site
from linkaudit.fix.write import edits_for, to_file
from linkaudit.models import Citation, Document, DocumentAudit, DocumentKind, LinkAudit

__all__ = ["FixOptions", "FixedPiece", "default_style", "fix_document", "match_audit"]


@dataclass(frozen=True, slots=True)
class FixOptions:
    style: str | None = None  # None: robust for HTML, archive-link for Markdown
    keep_href: bool = False
    update_redirects: bool = False
    confirm: int = 1  # failing checks in a row before a gone source is rewritten


@dataclass(frozen=True, slots=True)
class FixedPiece:
    source: str
    style: str
    before: str
    after: str
    applied: tuple[LinkFix, ...]  # fixes that changed the piece
    unchanged: tuple[LinkFix, ...]  # fixes already in the piece (a second run), or with nothing to write in this style
    unplaced: tuple[LinkFix, ...]  # fixes whose link could not be found where the extractor saw it
    edits: tuple[Edit, ...] = ()  # what was changed, in the file's offsets (before the change)

    @property
    def changed(self) -> bool:
        return self.after != self.before


def default_style(kind: DocumentKind) -> str:
    return "robust" if kind is DocumentKind.HTML else "archive-link"


def match_audit(citations: Sequence[Citation], audit: DocumentAudit) -> tuple[list[LinkAudit], int]:
    """The audit's findings attached to this extraction's citations (whose places are current).

    A report may be older than the piece: links are matched by URL and claim, in order, and the
    number of the audit's links that match no citation any more is returned with them. A page's
    repeated copy of a citation, which the report lists once, takes the finding of the copy
    before it.
    """
    waiting: dict[tuple[str, str], deque[LinkAudit]] = defaultdict(deque)
    for link in audit.links:
        waiting[(link.citation.url, link.citation.claim_id)].append(link)
    last: dict[tuple[str, str], LinkAudit] = {}
    matched: list[LinkAudit] = []
    for citation in citations:
        key = (citation.url, citation.claim_id)
        queue = waiting.get(key)
        found = queue.popleft() if queue else last.get(key)
        if found is not None:
            last[key] = found
            matched.append(LinkAudit(citation, found.check, found.archive))
    return matched, sum(len(queue) for queue in waiting.values())


def fix_document(
    document: Document,
    links: Sequence[LinkAudit],
    options: FixOptions = FixOptions(),
    *,
    saved: Mapping[str, SavedCapture] | None = None,
    published: dt.date | None = None,
) -> FixedPiece:
    """The piece with its fixes written; every character outside the edited links as it was."""
    fixes = plan_fixes(
        links, saved=saved, update_redirects=options.update_redirects, published=published, confirm=options.confirm
    )
    markdown = document.kind is DocumentKind.MARKDOWN
    html = document.kind is DocumentKind.HTML
    view = HtmlView.of(document.text, escaped=document.escaped and html)
    # A script-built page whose own markup cites nothing is read from the HTML in its scripts.
    payload = HtmlView.of(document.text, escaped=True) if html and not document.escaped and looks_escaped(document.text) else None
    lines = LineIndex(document.text)
    style = options.style or default_style(document.kind)
    edits: list[Edit] = []
    applied: list[LinkFix] = []
    unchanged: list[LinkFix] = []
    unplaced: list[LinkFix] = []
    for fix in fixes:
        found = _site(fix, lines, markdown, view, payload)
        if found is None:
            unplaced.append(fix)
            continue
        where, site = found
        if site.kind is SiteKind.HTML and site.tag is not None:
            where.learn_spellings(site.tag.start, site.tag.close_end or site.tag.end)
        made = [to_file(where, edit) for edit in edits_for(where, site, fix, style=style, keep_href=options.keep_href)]
        (applied if made else unchanged).append(fix)
        edits.extend(made)
    return FixedPiece(
        document.source, style, document.text, apply_edits(document.text, edits),
        tuple(applied), tuple(unchanged), tuple(unplaced), tuple(sorted(set(edits), key=lambda e: (e.start, e.end))),
    )


def _site(
    fix: LinkFix, lines: LineIndex, markdown: bool, view: HtmlView, payload: HtmlView | None
) -> tuple[HtmlView, LinkSite] | None:
    for where in (view, payload):
        if where is not None and (site := find_site(where, lines, fix.citation, markdown=markdown)) is not None:
            return where, site
    return None
