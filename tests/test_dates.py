"""Publication dates: many spellings read, impossible dates refused, sources tried in order of trust."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkaudit.extract.dates import cited_urls_lower_bound, date_in_url, parse_date, publication_date
from linkaudit.models import DateSource

D = dt.date


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2019-08-11", D(2019, 8, 11)),
        ("2019-08-11T23:30:00-05:00", D(2019, 8, 11)),
        ("2019-08-11 08:00", D(2019, 8, 11)),
        ("2019/8/11", D(2019, 8, 11)),
        ("20190811", D(2019, 8, 11)),
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


def _date(**overrides):
    arguments = dict(option=None, front_matter=None, html_metadata=None, text=None, piece_url=None, path=None, cited_urls=())
    arguments.update(overrides)
    return publication_date(**arguments)


def test_sources_are_tried_in_order_of_trust():
    everything = dict(
        option=D(2001, 1, 1),
        front_matter={"date": "2002-02-02"},
        html_metadata={"datePublished": "2003-03-03"},
        text="Title\nDate: 4 April 2004\n\nBody",
        piece_url="https://x.example/2005/05/05/piece",
        cited_urls=["https://y.example/2000/01/01/a"],
    )
    order = ["option", "front_matter", "html_metadata", "text", "piece_url"]
    expected = [
        (D(2001, 1, 1), DateSource.OPTION),
        (D(2002, 2, 2), DateSource.FRONT_MATTER),
        (D(2003, 3, 3), DateSource.HTML_METADATA),
        (D(2004, 4, 4), DateSource.TEXT_HEADER),
        (D(2005, 5, 5), DateSource.PIECE_URL),
    ]
    for dropped, (date, source) in enumerate(expected):
        kept = {key: value for key, value in everything.items() if key not in order[:dropped]}
        found = _date(**kept)
        assert (found.date, found.source) == (date, source)
        assert not found.not_before


def test_front_matter_accepts_published_and_pubdate_and_skips_unreadable_values():
    assert _date(front_matter={"pubDate": "Sun, 11 Aug 2019 10:00:00 GMT"}).date == D(2019, 8, 11)
    assert _date(front_matter={"date": "draft", "published": "2019-08-12"}).date == D(2019, 8, 12)


def test_html_metadata_prefers_article_published_time():
    found = _date(html_metadata={"time": "2020-01-01", "article:published_time": "2019-12-31T22:00:00Z"})
    assert (found.date, found.detail) == (D(2019, 12, 31), "article:published_time")


def test_only_a_header_date_line_counts_not_one_deep_in_the_body():
    body = "\n".join(["Title"] + ["text"] * 30 + ["Date: 2019-01-01"])
    assert _date(text=body) is None


def test_cited_urls_give_only_a_lower_bound():
    found = _date(cited_urls=["https://www.nytimes.com/2019/08/11/world/asia/north-korea-missile-test.html"])
    assert (found.date, found.source, found.not_before) == (D(2019, 8, 11), DateSource.CITED_URLS, True)


def test_no_date_anywhere_gives_none(tmp_path):
    piece = tmp_path / "piece.md"
    piece.write_text("Nothing dated.")
    assert _date(path=str(piece), cited_urls=["https://x.example/about"]) is None


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
    found = _date(path=str(repository), cited_urls=["https://x.example/2015/05/30/a"])
    assert (found.date, found.source, found.not_before) == (D(2015, 5, 30), DateSource.CITED_URLS, True)
    assert "2020-06-01" in found.detail


def test_files_outside_a_repository_are_silently_skipped(tmp_path):
    piece = tmp_path / "loose.md"
    piece.write_text("x")
    found = _date(path=str(piece), cited_urls=["https://x.example/2019/08/11/a"])
    assert found.source is DateSource.CITED_URLS
