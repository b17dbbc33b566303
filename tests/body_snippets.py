"""Shared pieces of the body-link rule tests: a page built around snippets, and what it yields."""

from __future__ import annotations

from linkaudit.extract.html import HtmlExtraction, extract_html
from linkaudit.models import Document, DocumentKind

PROSE = "The fires forced more than a hundred thousand people to leave their homes, officials said on Sunday. "
SOURCE = "Officials <a href='https://agency.example/report'>reported</a> the figures."


def extract_at(site: str, text: str) -> HtmlExtraction:
    """The HTML page ``text`` as read from the address ``site``."""
    return extract_html(Document(source="page.html", text=text, kind=DocumentKind.HTML), base_url=site)


def page(*blocks: str) -> str:
    """An article page holding ``blocks`` (bare text becomes a paragraph) after a menu."""
    body = "".join(block if block.startswith("<") else f"<p>{block}</p>" for block in blocks)
    return f"<html><body><nav><a href='/'>Home</a></nav><article><div class='content'>{body}</div></article></body></html>"


def cited(extraction: HtmlExtraction) -> list[str]:
    return [citation.url for citation in extraction.citations]


def reasons(extraction: HtmlExtraction) -> dict[str, str]:
    return {link.written: link.reason for link in extraction.non_citations}
