"""HTTP dates are read by one parser: Retry-After, Memento-Datetime and dates written in pages."""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given
from hypothesis import strategies as st

from linkaudit.archive.memento import parse_http_date as memento_parse_http_date
from linkaudit.check.hosts import parse_retry_after
from linkaudit.extract.dates import parse_date
from linkaudit.httpdate import format_http_date, parse_http_date, parse_rfc_2822

HUGE_YEAR = "Mon, 01 Jan 99999999999999999999 00:00:00 GMT"


def test_an_http_date_is_read_in_utc():
    assert parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT") == dt.datetime(1994, 11, 6, 8, 49, 37, tzinfo=dt.UTC)
    assert parse_http_date("Sun, 06 Nov 1994 03:49:37 -0500") == dt.datetime(1994, 11, 6, 8, 49, 37, tzinfo=dt.UTC)


def test_formatting_and_reading_agree():
    moment = dt.datetime(2021, 3, 15, 12, 0, tzinfo=dt.UTC)
    assert format_http_date(moment) == "Mon, 15 Mar 2021 12:00:00 GMT"
    assert parse_http_date(format_http_date(moment)) == moment


def test_a_year_too_large_for_a_datetime_is_no_date_in_every_header():
    # Page dates already returned None here while Retry-After and Memento-Datetime raised OverflowError.
    assert parse_http_date(HUGE_YEAR) is None
    assert memento_parse_http_date(HUGE_YEAR) is None
    assert parse_retry_after(HUGE_YEAR) is None


def test_retry_after_as_a_date_counts_from_now():
    now = dt.datetime(2021, 3, 15, 12, 0, tzinfo=dt.UTC)
    assert parse_retry_after("Mon, 15 Mar 2021 12:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Mon, 15 Mar 2021 11:00:00 GMT", now=now) == 0.0


def test_a_page_date_keeps_the_day_where_it_was_written():
    written = parse_rfc_2822("Mon, 15 Mar 2021 23:00:00 -0500")
    assert written is not None and written.date() == dt.date(2021, 3, 15)
    assert parse_date("Mon, 15 Mar 2021 23:00:00 -0500") == dt.date(2021, 3, 15)
    assert parse_http_date("Mon, 15 Mar 2021 23:00:00 -0500").date() == dt.date(2021, 3, 16)


@given(st.text(max_size=80))
@example("¹")
def test_no_header_text_raises(text):
    parse_http_date(text)
    parse_rfc_2822(text)
    parse_retry_after(text, now=dt.datetime(2021, 1, 1, tzinfo=dt.UTC))
