"""The HTML report: self-contained, valid, escaped, filterable, readable on a phone."""

from __future__ import annotations

import dataclasses
import functools
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from report_fixture import assert_golden, fixed_report, single_document_report

from linkaudit.models import Report
from linkaudit.report import render

VOID = {"meta", "br", "input", "img", "link", "hr"}


class StrictChecker(HTMLParser):
    """Fails on any unclosed, mismatched or stray end tag."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in VOID, f"self-closed non-void <{tag}/>"

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()


def _html() -> str:
    return render(fixed_report(), "html")


def test_matches_the_golden_file() -> None:
    assert_golden("report.html", _html())


def test_parses_strictly_as_xml_and_as_balanced_html() -> None:
    page = _html()
    root = etree.fromstring(page.encode("utf-8"), etree.XMLParser(recover=False, resolve_entities=False))
    assert root.tag == "html"
    checker = StrictChecker()
    checker.feed(page)
    checker.close()
    assert checker.stack == []
    assert page.startswith("<!DOCTYPE html>\n")


def test_the_strict_checker_does_catch_broken_markup() -> None:
    with pytest.raises(AssertionError):
        StrictChecker().feed("<div><p>x</div>")


def test_page_text_is_escaped() -> None:
    page = _html()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>real</b>" not in page and "<em>rising</em>" not in page
    assert "\x1b" not in page
    assert page.count("<script>") == 1  # the filter, and nothing from the pages


def test_self_contained_with_no_external_assets() -> None:
    page = _html()
    assert not re.search(r"\ssrc=", page)
    assert "<link" not in page and "@import" not in page and "url(" not in page
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs and all(h.startswith(("http://", "https://", "#")) for h in hrefs)
    assert 'href="javascript' not in page


def test_readable_on_a_phone() -> None:
    page = _html()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1" />' in page
    assert "@media (max-width:40em)" in page


def test_claim_by_claim_with_badges_and_both_links() -> None:
    root = etree.fromstring(_html().encode("utf-8"))
    claims = root.findall(".//article")
    assert len(claims) == 9
    assert {c.get("data-verdict") for c in claims} == {"backed", "drifted", "archived", "unbacked", "unverified"}
    hrefs = [a.get("href") for a in root.iter("a")]
    assert "https://gov.example.kr/press/123" in hrefs
    assert "https://web.archive.org/web/20190801120000/https://gov.example.kr/press/123" in hrefs
    assert len({c.get("id") for c in claims}) == 9


def test_filter_is_hidden_without_javascript_so_everything_shows() -> None:
    root = etree.fromstring(_html().encode("utf-8"))
    form = root.find(".//form")
    assert form is not None and form.get("hidden") == "hidden"
    assert not [a for a in root.findall(".//article") if a.get("hidden")]
    values = [o.get("value") for o in form.iter("option")]
    assert {"all", "problems", "unbacked", "dead", "internal"} <= set(values)
    assert form.find(".//input[@type='search']") is not None


def _root(page: str | None = None):
    return etree.fromstring((page or _html()).encode("utf-8"))


def test_dark_scheme_and_color_scheme_are_declared() -> None:
    page = _html()
    assert '<meta name="color-scheme" content="light dark" />' in page
    assert "color-scheme:light dark" in page and "@media (prefers-color-scheme:dark)" in page
    assert "#0000ee" not in page


def test_every_source_url_is_visible_text() -> None:
    root = _root()
    shown = {code.text for code in root.iter("code") if code.get("class") == "url"}
    for document in fixed_report().documents:
        for link in document.links:
            assert link.citation.url in shown
            if link.archive is not None and link.archive.snapshot is not None:
                assert link.archive.snapshot.url in shown


def test_print_stylesheet_hides_the_controls() -> None:
    page = _html()
    css = page[page.index("@media print") :]
    assert ".filter" in css and "display:none" in css


def test_a_report_of_several_pieces_lists_them_with_their_counts() -> None:
    root = _root()
    nav = root.find(".//nav")
    assert nav is not None and nav.get("aria-label") == "Pieces"
    items = ["".join(li.itertext()) for li in nav.iter("li")]
    assert items[0].startswith("Talks stall: what Pyongyang wants") and "1 unbacked" in items[0]
    assert [a.get("href") for a in nav.iter("a")] == ["#piece-1", "#piece-2"]
    assert root.find(".//section[@id='piece-2']") is not None


def test_counts_are_links_that_set_the_filter() -> None:
    root = _root()
    counts = [a.get("href") for p in root.iter("p") if p.get("class") == "counts" for a in p.iter("a")]
    assert "#show=unbacked" in counts and "#show=dead" in counts
    assert "showing 9 of 9 claims" in _html()


def test_one_title_for_a_single_piece_and_a_heading_for_every_claim() -> None:
    single = render(single_document_report(), "html")
    root = _root(single)
    assert "".join(root.find(".//h1").itertext()) == "Talks stall: what Pyongyang wants"
    assert single.count(">Talks stall: what Pyongyang wants<") == 1  # h1 only; <title> says "linkaudit: ..."
    assert len(root.findall(".//article/h2")) == 5  # one heading per claim
    assert len(_root().findall(".//article/h3")) == 9  # under each piece's h2 when there are several


def test_link_names_say_what_the_link_is() -> None:
    root = _root()
    names = ["".join(a.itertext()) for a in root.iter("a")]
    assert "resigned (dead source on paper.example.com)" in names
    assert any(n.startswith("archived copy of 2019-08-01, 19 days before publication (of https://gov.example.kr") for n in names)


_any_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)


@functools.cache
def _report_to_vary() -> Report:
    # Built once for every example: records are frozen, and each example replaces what it varies.
    return fixed_report()


@settings(max_examples=60, deadline=None)
@given(claim=_any_text, anchor=_any_text, title=_any_text)
def test_any_page_text_keeps_the_html_and_junit_well_formed(claim: str, anchor: str, title: str) -> None:
    report = _report_to_vary()
    document = report.documents[1]
    link = document.links[3]
    citation = dataclasses.replace(link.citation, claim=claim, anchor=anchor)
    links = (*document.links[:3], dataclasses.replace(link, citation=citation))
    claims = (*document.claims[:2], dataclasses.replace(document.claims[2], text=claim))
    changed = dataclasses.replace(document, title=title, links=links, claims=claims)
    report = dataclasses.replace(report, documents=(report.documents[0], changed))
    page = render(report, "html")
    etree.fromstring(page.encode("utf-8"), etree.XMLParser(recover=False, resolve_entities=False))
    checker = StrictChecker()
    checker.feed(page)
    assert checker.stack == []
    ET.fromstring(render(report, "junit").encode("utf-8"))
