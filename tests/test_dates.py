"""Publication dates: many spellings read, impossible dates refused, sources tried in order of trust."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkaudit.extract.date_languages import dates_read_in, declared_languages
from linkaudit.extract.dates import cited_urls_lower_bound, date_in_url, page_date, parse_date, piece_dates
from linkaudit.extract import extract, extract_sources
from linkaudit.models import DateBound, DateSource, Document, DocumentKind
from linkaudit.settings import Settings

D = dt.date


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2019-08-11", D(2019, 8, 11)),
        ("2019-08-11T23:30:00-05:00", D(2019, 8, 11)),
        ("2019-08-11 08:00", D(2019, 8, 11)),
        ("2019/8/11", D(2019, 8, 11)),
        ("20190811", D(2019, 8, 11)),
        ("20201123T11:02:35Z", D(2020, 11, 23)),
        ("20201123T110235+0100", D(2020, 11, 23)),
        ("01-Jan-2020", D(2020, 1, 1)),
        ("Sun, 11 Aug 2019 10:00:00 +0000", D(2019, 8, 11)),
        ("12 April 2019", D(2019, 4, 12)),
        ("12th of April, 2019", D(2019, 4, 12)),
        ("April 12, 2019", D(2019, 4, 12)),
        ("Friday, Apr. 12 2019", D(2019, 4, 12)),
        ("'2021-03-15'", D(2021, 3, 15)),
        (dt.datetime(2020, 1, 2, 3, 4), D(2020, 1, 2)),
        (D(2020, 1, 2), D(2020, 1, 2)),
    ],
)
def test_parse_date_reads_common_spellings(written, expected):
    assert parse_date(written) == expected


@pytest.mark.parametrize(
    "written", ["2019-02-30", "2019-13-01", "31 June 2019", "0000-00-00", "Smarch 3, 2019", "soon", "", None, 42]
)
def test_parse_date_refuses_impossible_or_missing_dates(written):
    assert parse_date(written) is None


@given(st.one_of(st.text(max_size=60), st.from_regex(r"\d{1,5}[-/. ]\w{1,9}[-/., ]+\d{1,5}.*", fullmatch=True)))
def test_parse_date_never_raises(text):
    result = parse_date(text)
    assert result is None or isinstance(result, dt.date)


def test_dates_in_urls_are_full_dates_in_the_path_only():
    assert date_in_url("https://www.nytimes.com/2019/08/11/world/asia/x.html") == D(2019, 8, 11)
    assert date_in_url("https://blog.example/2020-02-29-leap-day") == D(2020, 2, 29)
    assert date_in_url("https://blog.example/2019/08/") is None
    assert date_in_url("https://x.example/page?date=2019-08-11") is None
    assert date_in_url("https://x.example/id/120190811999") is None


def test_cited_urls_give_the_latest_full_date_not_in_the_future():
    urls = [
        "https://a.example/2018/01/02/x",
        "https://b.example/news/2019-08-11/y",
        "https://c.example/3019/01/01/typo",
        "https://d.example/2019/09/",
    ]
    assert cited_urls_lower_bound(urls, today=D(2024, 1, 1)) == (D(2019, 8, 11), urls[1])


def _dates(**overrides):
    arguments = dict(option=None, front_matter=None, html_pages=(), text=None, piece_url=None, path=None, cited_urls=())
    arguments.update(overrides)
    return piece_dates(**arguments)


def _date(**overrides):
    return _dates(**overrides).published


def test_sources_are_tried_in_order_of_trust():
    everything = dict(
        option=D(2001, 1, 1),
        front_matter={"date": "2002-02-02"},
        html_pages=('<html><head><meta property="article:published_time" content="2003-03-03"></head><body><p>x</p></body></html>',),
        text="Title\nDate: 4 April 2004\n\nBody",
        piece_url="https://x.example/2005/05/05/piece",
        cited_urls=["https://y.example/2000/01/01/a"],
    )
    order = ["option", "front_matter", "html_pages", "text", "piece_url"]
    expected = [
        (D(2001, 1, 1), DateSource.OPTION),
        (D(2002, 2, 2), DateSource.FRONT_MATTER),
        (D(2003, 3, 3), DateSource.HTML_METADATA),
        (D(2004, 4, 4), DateSource.TEXT_HEADER),
        (D(2005, 5, 5), DateSource.PIECE_URL),
    ]
    for dropped, (date, source) in enumerate(expected):
        kept = {key: value for key, value in everything.items() if key not in order[:dropped]}
        found = _dates(**kept)
        assert (found.published.date, found.published.source) == (date, source)
        assert found.not_before is None


def test_front_matter_accepts_published_and_pubdate_and_skips_unreadable_values():
    assert _date(front_matter={"pubDate": "Sun, 11 Aug 2019 10:00:00 GMT"}).date == D(2019, 8, 11)
    assert _date(front_matter={"date": "draft", "published": "2019-08-12"}).date == D(2019, 8, 12)


def _page(head: str = "", body: str = "<p>Text.</p>") -> str:
    return f"<!DOCTYPE html><html><head><title>T</title>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        # The field's usual metadata.
        (_page('<meta property="article:published_time" content="2019-12-31T22:00:00Z">'), D(2019, 12, 31)),
        (_page('<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2018-03-04"}</script>'), D(2018, 3, 4)),
        # Meta names beyond the handful of well-known ones.
        (_page('<meta name="publication_date" content="2018-07-09">'), D(2018, 7, 9)),
        # Compact ISO 8601.
        (_page('<meta name="date" content="20201123T11:02:35Z">'), D(2020, 11, 23)),
        # <time> outside any article header.
        (_page(body='<div class="meta"><time datetime="2019-03-04T10:00:00+01:00">4. März</time></div><p>x</p>'), D(2019, 3, 4)),
        # A byline in the visible text only.
        (_page(body='<article><p class="byline">Artikel veröffentlicht am 16.12.2012</p><p>Text.</p></article>'), D(2012, 12, 16)),
        # The day in the piece's own time zone: late evening in New York stays that day.
        (_page('<meta property="article:published_time" content="2020-11-23T23:30:00-05:00">'), D(2020, 11, 23)),
    ],
)
def test_a_pages_date_is_read_from_its_metadata_markup_and_bylines(page, expected):
    assert page_date(page) == expected
    found = _date(html_pages=(page,))
    assert (found.date, found.source) == (expected, DateSource.HTML_METADATA)


def test_dated_links_in_a_page_are_its_sources_not_its_date():
    body = '<p>As <a href="https://news.example/2019/08/11/story">reported</a>, it failed.</p>'
    assert page_date(_page(body=body)) is None


def test_a_guess_from_prose_before_the_newest_cited_source_is_no_date():
    # Nothing in the markup dates the page; the prose mentions a day long before its sources.
    page = _page(body="<p>The summit of 12 June 2018 was followed by talks.</p>").replace("<html>", '<html lang="en">')
    assert page_date(page) == D(2018, 6, 12)
    assert page_date(page, not_before=D(2019, 8, 11)) is None


def _root(page: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(page)


@pytest.mark.parametrize(
    ("page", "languages"),
    [
        ('<html lang="de-AT"><head></head><body></body></html>', ("de", "en")),
        ('<html xml:lang="pt_BR"><head></head><body></body></html>', ("pt", "en")),
        ('<html><head><meta http-equiv="Content-Language" content="fr, en"></head></html>', ("fr", "en")),
        ('<html lang="en"><head><meta property="og:locale" content="es_ES"></head></html>', ("en", "es")),
        # None declared, or none dateparser knows: every language, as htmldate reads a page.
        ("<html><head></head><body><p>x</p></body></html>", ()),
        ('<html lang="xx-unknown"><head></head></html>', ()),
    ],
)
def test_dates_in_words_are_read_in_the_languages_a_page_declares_and_english(page, languages):
    assert declared_languages(_root(page)) == languages


def test_only_linkaudits_own_reading_narrows_htmldates_languages():
    from htmldate import extractors  # htmldate looks its parser up there at each call

    with dates_read_in(("de", "en")):
        assert extractors.get_external_parser().languages == ["de", "en"]
    with dates_read_in(()):
        assert extractors.get_external_parser().languages is None
    # Any other caller in the process (trafilatura's metadata, say) gets htmldate's own parser.
    assert extractors.get_external_parser().languages is None


def test_metadata_of_a_page_read_from_its_scripts_still_dates_it():
    # The article is HTML escaped in a script; the page's head keeps its publication date.
    page = (
        '<!DOCTYPE html><html><head><title>Story</title>'
        '<meta property="article:published_time" content="2021-05-06T08:00:00+02:00"></head>'
        '<body><div id="root"></div><script>window.__DATA__ = {"body":"\\u003cp\\u003eThe '
        '\\u003ca href=\\"https://study.example/x\\"\\u003estudy\\u003c/a\\u003e found it.\\u003c/p\\u003e '
        '\\u003cp\\u003eMore.\\u003c/p\\u003e"};</script></body></html>'
    )
    extraction = extract(Document(source="page.html", text=page, kind=DocumentKind.HTML))
    assert [citation.url for citation in extraction.citations] == ["https://study.example/x"]
    assert (extraction.published.date, extraction.published.source) == (D(2021, 5, 6), DateSource.HTML_METADATA)


def test_a_page_is_parsed_once_for_its_links_and_its_date(monkeypatch):
    # The link reader's tree is handed to dating: libxml2 reads the page once, and the date is the
    # one dating finds reading the page on its own.
    page = _page(body="<p>Posted on 12 June 2018. The <a href='https://study.example/x'>study</a> found it.</p>")
    parses = []
    parse = lxml.etree.fromstring

    def counted(text, parser=None, **options):
        parses.append(len(text))
        return parse(text, parser, **options)

    monkeypatch.setattr(lxml.etree, "fromstring", counted)
    extraction = extract(Document(source="page.html", text=page, kind=DocumentKind.HTML))
    assert parses == [len(page)]
    assert [citation.url for citation in extraction.citations] == ["https://study.example/x"]
    assert extraction.published.date == page_date(page) == D(2018, 6, 12)


def test_base_url_dates_a_file_when_nothing_else_does(tmp_path):
    piece = tmp_path / "piece.md"
    piece.write_text("# Piece\n\nSee [this](https://a.example/x).\n")
    (extraction,), _ = extract_sources([str(piece)], Settings(base_url="https://blog.example/2021/03/02/piece/").extract)
    assert (extraction.published.date, extraction.published.source) == (D(2021, 3, 2), DateSource.PIECE_URL)


def test_only_a_header_date_line_counts_not_one_deep_in_the_body():
    body = "\n".join(["Title"] + ["text"] * 30 + ["Date: 2019-01-01"])
    assert _date(text=body) is None


def test_cited_urls_give_only_a_lower_bound_never_a_publication_date():
    url = "https://www.nytimes.com/2019/08/11/world/asia/north-korea-missile-test.html"
    found = _dates(cited_urls=[url])
    assert found.published is None
    assert found.not_before == DateBound(D(2019, 8, 11), url)


def test_no_date_anywhere_gives_none(tmp_path):
    piece = tmp_path / "piece.md"
    piece.write_text("Nothing dated.")
    assert _dates(path=str(piece), cited_urls=["https://x.example/about"]) == piece_dates(option=None)


def _git(repo: Path, *arguments: str, when: str) -> None:
    environment = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "A",
        "GIT_AUTHOR_EMAIL": "a@example.org",
        "GIT_COMMITTER_NAME": "A",
        "GIT_COMMITTER_EMAIL": "a@example.org",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    subprocess.run(["git", *arguments], cwd=repo, env=environment, check=True, capture_output=True, timeout=20)


@pytest.fixture
def repository(tmp_path):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    _git(tmp_path, "init", "-q", when="2020-01-01T00:00:00")
    piece = tmp_path / "posts" / "piece.md"
    piece.parent.mkdir()
    piece.write_text("first\n")
    _git(tmp_path, "add", ".", when="2020-06-01T12:00:00+00:00")
    _git(tmp_path, "commit", "-q", "-m", "add", when="2020-06-01T12:00:00+00:00")
    piece.write_text("second\n")
    _git(tmp_path, "commit", "-q", "-am", "edit", when="2021-07-01T12:00:00+00:00")
    return piece


def test_git_first_commit_date_is_used_when_nothing_better_is_known(repository):
    found = _date(path=str(repository), cited_urls=["https://x.example/2020/05/30/a"])
    assert (found.date, found.source) == (D(2020, 6, 1), DateSource.GIT)


def test_a_first_commit_long_after_the_cited_sources_marks_an_imported_copy(repository):
    found = _dates(path=str(repository), cited_urls=["https://x.example/2015/05/30/a"])
    assert found.published is None
    assert found.not_before.date == D(2015, 5, 30)
    assert "2020-06-01" in found.not_before.detail


def test_files_outside_a_repository_are_silently_skipped(tmp_path):
    piece = tmp_path / "loose.md"
    piece.write_text("x")
    found = _dates(path=str(piece), cited_urls=["https://x.example/2019/08/11/a"])
    assert (found.published, found.not_before.date) == (None, D(2019, 8, 11))


_SPELLINGS = (
    "{d:%Y-%m-%d}",
    "{d:%Y-%m-%d}T{hour:02d}:30:00{zone}",
    "{d:%Y%m%d}T{hour:02d}:30:00{zone}",
    "{d:%Y%m%d}T{hour:02d}3000{zone}",
    "{d:%Y/%m/%d}",
    "{d.day} {d:%B %Y}",
    "{d:%B} {d.day}, {d.year}",
    "{d:%a, %d %b %Y} {hour:02d}:30:00 {rfc_zone}",
    "{d:%d-%b-%Y}",
)


@given(
    st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)),
    st.sampled_from(_SPELLINGS),
    st.integers(min_value=0, max_value=23),
    st.sampled_from(["Z", "+00:00", "-05:00", "+0530", "+14:00", "-1200", ""]),
)
def test_every_spelling_gives_back_the_day_as_written_in_its_own_time_zone(day, spelling, hour, zone):
    written = spelling.format(d=day, hour=hour, zone=zone, rfc_zone=(zone.replace(":", "") or "+0000").replace("Z", "+0000"))
    assert parse_date(written) == day


def test_a_utc_timestamp_is_read_in_the_pages_own_time_zone():
    # Published late in the evening in New York: UTC says the next day; the page's other
    # timestamps show its offset.
    page = _page(
        '<meta property="article:published_time" content="2023-11-09T03:28:35+00:00">'
        '<meta property="article:modified_time" content="2023-11-08T23:40:00-05:00">'
    )
    assert page_date(page) == D(2023, 11, 8)
    # No offset of its own: the UTC day stands.
    assert page_date(_page('<meta property="article:published_time" content="2023-11-09T03:28:35+00:00">')) == D(2023, 11, 9)


def test_a_dateparser_without_the_settings_htmldate_made_keeps_htmldates_own_parser(monkeypatch):
    from linkaudit.extract import date_languages

    htmldates_parser = object()  # a parser whose settings cannot be copied
    monkeypatch.setattr(date_languages, "_htmldate_parser_getter", lambda: lambda: htmldates_parser)
    date_languages._parser_in.cache_clear()
    try:
        assert date_languages._parser_in(("de", "en")) is htmldates_parser
    finally:
        date_languages._parser_in.cache_clear()
