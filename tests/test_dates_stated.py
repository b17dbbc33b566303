"""A page's own statement of its publication day: declared metadata and labelled bylines.

The snippets are cut from real pages of htmldate's public evaluation set
(https://github.com/adbar/htmldate, tests/eval/, commit b8952828), named in each test; the day
each should give is the one that set records for the page.
"""

from __future__ import annotations

import datetime as dt

import lxml.html
from hypothesis import given
from hypothesis import strategies as st

from linkaudit.extract.dates import date_in_url, page_date
from linkaudit.extract.declared_dates import declared_publication, labelled_byline, parse_written_date, writes_the_day
from linkaudit.extract.stamps import Stamp, parse_stamp

D = dt.date


def _page(head: str = "", body: str = "") -> str:
    return f"<html><head><title>t</title>{head}</head><body>{body}<p>{'Text of the piece. ' * 20}</p></body></html>"


def _tree(markup: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(markup)


def test_json_ld_date_published_in_local_time_beats_other_dated_meta():
    # foxnews.com-GOP.html: dc.date and dcterms.created say the 8th (the evening before, when
    # the piece was started); the article's datePublished, written at -05:00, says the 9th.
    page = _page(
        head='<meta name="dc.date" content="2023-11-08">'
        '<meta name="dcterms.created" content="2023-11-08T20:25:25-05:00">'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",'
        '"datePublished": "2023-11-09T03:02:34-05:00", "dateModified": "2023-11-09T03:18:50-05:00"}</script>'
    )
    assert page_date(page) == D(2023, 11, 9)


def test_itemprop_date_published_beats_date_modified():
    # nmb-media.de.ebay.html: both as hidden <time> elements, dateModified first.
    page = _page(
        body='<time itemprop="dateModified" class="hidden">2018-08-29 14:15:57</time>'
        '<time itemprop="datePublished" datetime="2018-06-22 10:20:00" class="hidden">2018-06-22 10:20:00</time>'
        '<span class="v-box">22.06.2018 10:20</span>'
    )
    assert page_date(page) == D(2018, 6, 22)


def test_a_utc_publication_time_is_read_in_the_pages_own_time_zone():
    # nypost.com-GOP.html: published 2023-11-09T03:28:35+00:00, a New York evening piece whose
    # other timestamps are written at -05:00.
    page = _page(
        head='<meta property="article:published_time" content="2023-11-09T03:28:35+00:00">',
        body='<time datetime="2023-11-08T22:28:35-05:00">November 8, 2023 10:28pm</time>',
    )
    assert page_date(page) == D(2023, 11, 8)


def test_a_utc_publication_time_on_a_page_without_an_offset_is_not_taken_as_stated():
    # Which local day 2020-04-25T01:25Z was is unknown without the page's time zone.
    tree = _tree(_page(head='<meta property="article:published_time" content="2020-04-25T01:25:06Z">'))
    declared = declared_publication(tree)
    assert declared == Stamp(D(2020, 4, 25), dt.time(1, 25))
    assert declared.local_day(None) == D(2020, 4, 25)
    assert declared.local_day(-7 * 60) == D(2020, 4, 24)


def test_the_articles_json_ld_date_counts_not_a_videos_or_a_comments():
    tree = _tree(
        _page(
            head='<script type="application/ld+json">[{"@type": "VideoObject", "datePublished": "2023-06-08T15:50:19-04:00"},'
            '{"@type": "BlogPosting", "datePublished": "2021-03-02T10:00:00+01:00",'
            '"comment": [{"@type": "Comment", "datePublished": "2021-03-05T10:00:00+01:00"}]}]</script>'
        )
    )
    assert declared_publication(tree) == Stamp(D(2021, 3, 2))


def test_malformed_json_ld_is_passed_over_for_the_next_statement():
    tree = _tree(
        _page(
            head='<script type="application/ld+json">{"datePublished": "2021-03-02", </script>'
            '<meta property="article:published_time" content="2021-03-04T09:00:00+01:00">'
        )
    )
    assert declared_publication(tree) == Stamp(D(2021, 3, 4))


def test_a_byline_labelled_as_the_publication_dates_the_page():
    # zoll.de-Tabaksteuer.html: the only dates besides it are in the text (17 August 2021, a
    # law's date) and in the description meta.
    page = _page(
        body='<h1>Verkündung des Tabaksteuermodernisierungsgesetzes</h1><div class="docData news">'
        '<span class="label">Datum:</span> <span class="value">18.10.2021</span></div>'
        "<p>Im Bundesgesetzblatt vom 17.\xa0August\xa02021 (Teil I Nr. 56) wurde verkündet...</p>"
    )
    assert page_date(page) == D(2021, 10, 18)


def test_bylines_in_several_languages_and_spellings():
    # world.kbs.co.kr-Temperatures.html, resonator-podcast.de.res158.html, pbrunst.de.html
    bylines = {
        '<p class="date">Written: 2023-11-07 15:03:30<span> / </span>Updated: 2023-11-08 15:30:46</p>': D(2023, 11, 7),
        "<p>Veröffentlicht am 16.08.2019<br/>Dauer: 1 Stunde</p>": D(2019, 8, 16),
        "<small>Veröffentlicht am Samstag, 3. Dezember 2011 um 10:00 Uhr</small>": D(2011, 12, 3),
        "<p>Publié le 12 avril 2019</p>": D(2019, 4, 12),
        "<p>Posted on March 5, 2020 by Ann</p>": D(2020, 3, 5),
    }
    for markup, day in bylines.items():
        assert labelled_byline(_tree(_page(body=markup))) == day, markup


def test_update_labels_hidden_text_and_dates_far_from_their_label_are_no_byline():
    not_bylines = (
        "<p>Aktualisiert: 20.01.2022</p>",
        "<p>Update: 2022-01-20</p>",
        "<p>Last modified 2022-01-20</p>",
        "<script>var date = '2022-01-20';</script>",
        "<p>Published in a volume of essays on the history of print, first sold 2022-01-20</p>",
    )
    for markup in not_bylines:
        assert labelled_byline(_tree(_page(body=markup))) is None, markup


def test_a_byline_in_a_sidebar_or_menu_dates_another_piece():
    # werkzeugforum.de-heizjacke.html: a "popular posts" widget lists other pieces' bylines.
    sidebar = (
        '<aside class="widget"><h3>Beliebte Beiträge</h3><a href="/powerbanks">Die zwölf besten PowerBanks</a>'
        " veröffentlicht am Januar 20, 2022</aside>after the sidebar"
    )
    menu = "<nav><a href='/x'>Archiv</a> Datum: 01.01.2020</nav>"
    assert labelled_byline(_tree(_page(body=sidebar + menu))) is None
    assert labelled_byline(_tree(_page(body=sidebar + "<p>Veröffentlicht am 26.01.2022</p>"))) == D(2022, 1, 26)


def test_a_byline_split_by_a_comment_or_following_hidden_markup_is_read_in_order():
    # The text after a comment, a script or a menu (their tails) is the page's visible text, in
    # the order it is shown; what is inside them is not.
    around = (
        "<p>Veröffentlicht am <!-- date -->26.01.2022</p>",
        "<p><script>var shown = false;</script>Veröffentlicht am 26.01.2022</p>",
        "<div><nav><a href='/x'>Archiv</a> Datum: 01.01.2020</nav>Veröffentlicht am 26.01.2022</div>",
    )
    for markup in around:
        assert labelled_byline(_tree(_page(body=markup))) == D(2022, 1, 26), markup
    assert labelled_byline(_tree(_page(body="<p>Veröffentlicht am <!-- 26.01.2022 --> bald</p>"))) is None


def test_a_german_sentence_that_ends_by_calling_the_publication_dates_the_page():
    # tests/cache/pbrunst.de.html (a WordPress theme that left its time format unfilled) and
    # archive.org.bewegliche-lettern.de.typography.html: the verb comes after the date.
    sentences = {
        "<p class='postmetadata'>Dieser Beitrag wurde vor  am Samstag, 3. Dezember 2011 um %H:%M Uhr "
        "ver&ouml;ffentlicht und unter <a href='/news/'>News</a> abgelegt.</p>": D(2011, 12, 3),
        "<p><a href='/x' rel='bookmark'>Literatur und Animated Typography</a> wurde am <nobr>19. Mai 2010</nobr> "
        "um <nobr>23:03</nobr> Uhr gepostet und unter <a href='/y'>Typografie</a> abgelegt.</p>": D(2010, 5, 19),
    }
    for markup, day in sentences.items():
        assert labelled_byline(_tree(_page(body=markup))) == day, markup


def test_a_date_before_a_participle_that_describes_another_text_is_no_byline():
    # wolfgangmichal.de.sorgfaltspflicht.html, published on 7 June 2017, cites an older post.
    prose = "<p>In seinem jüngsten, am 16. Februar 2017 veröffentlichten Beitrag schreibt er …</p>"
    assert labelled_byline(_tree(_page(body=prose))) is None


def test_a_german_byline_naming_the_author_then_the_day_dates_the_page():
    # kochbar.de.schneiden.html: readers' comments below carry <time> elements of later days.
    page = _page(
        body="<div class='kb-tip-user-profile-name-container'><span class='kb-tip-user-profile-name-sub'>"
        "von <span class='kb-ft-rob-bol'><a href='/user/Marianne1.html'>Marianne1</a></span><br/> am 20.09.2020 </span></div>"
        + "".join(
            f"<div class='kb-recipe-comment-box-middle'><time datetime='2020-09-{day}T12:45:17+02:00' data-prefix='vor'>"
            f"{day}.09.20 | 12:45</time> <a href='/user/x'>Leserin</a><br/><div>Danke für den Tipp!</div></div>"
            for day in (23, 26, 22)
        )
    )
    assert page_date(page) == D(2020, 9, 20)


def test_von_then_am_across_a_sentence_is_no_byline():
    # auswaertiges-amt.de-Italien.html: "Am" opens the next sentence.
    prose = "<p>Im Nah- und Fernverkehr muss im Falle von Streiks gerechnet werden. Am 3. August 2020 wurde die neue Regel erlassen.</p>"
    assert labelled_byline(_tree(_page(body=prose))) is None


def test_the_first_byline_on_the_page_wins_whatever_its_form():
    body = (
        "<p>Dieser Beitrag wurde am 2. März 2020 veröffentlicht.</p>"
        "<p>Veröffentlicht am 05.03.2020</p>"
    )
    assert labelled_byline(_tree(_page(body=body))) == D(2020, 3, 2)


def test_an_update_declared_in_metadata_is_never_taken_for_the_publication():
    # fluter.de.vorbild.html: its only dated meta tag is og:updated_time (2 June); the date
    # shown under its headline is the publication (31 March).
    page = _page(
        head='<meta property="og:updated_time" content="2020-06-02T11:57:06+02:00">',
        body="<h1>Vorbild</h1><ul><li class='group_additional_info field_node_create_date'>"
        "<time class='field field-name-field-node-create-date field-type-computed'>31.03.2020</time></li></ul>",
    )
    assert page_date(page) == D(2020, 3, 31)


def test_a_byline_below_a_thousand_nested_elements_is_read():
    # Deeper than Python's recursion limit, within what libxml2 builds with huge_tree.
    nested = "<div>" * 1500 + "<p>Published: 2020-03-04</p>" + "</div>" * 1500
    assert labelled_byline(lxml.html.document_fromstring(nested, parser=lxml.html.HTMLParser(huge_tree=True))) == D(2020, 3, 4)


def test_a_slug_starting_with_a_number_after_year_and_month_is_not_a_day():
    # blog.campact.de-Demokratie-Stiftung.html's canonical address; published on 31 October.
    assert date_in_url("https://blog.campact.de/2023/10/3-fragen-an-tina-musil-teamleiterin-fundraising/") is None
    assert date_in_url("https://example.org/2023/10/03.html") == D(2023, 10, 3)
    assert date_in_url("https://example.org/2023/10/03/title") == D(2023, 10, 3)


_DAYS = st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 12, 31))
_GERMAN_MONTHS = "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split()
_ENGLISH_MONTHS = "January February March April May June July August September October November December".split()


@given(_DAYS, st.sampled_from(range(6)), st.text(max_size=15))
def test_written_dates_read_back_as_written(day, spelling, after):
    written = (
        f"{day.day:02d}.{day.month:02d}.{day.year}",
        f"{day.day}. {_GERMAN_MONTHS[day.month - 1]} {day.year}",
        f"{day.isoformat()} 10:00",
        f"{_ENGLISH_MONTHS[day.month - 1]} {day.day}, {day.year}",
        f"Monday, {day.day} {_ENGLISH_MONTHS[day.month - 1][:3]} {day.year}",
        f"{day.day} de {['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'][day.month - 1]} de {day.year}",
    )[spelling]
    assert parse_written_date(f"{written} {after}") == day


@given(st.one_of(st.text(max_size=80), st.from_regex(r"\w{0,9},? ?\d{1,4}[-. /]\w{1,9}[-. /,]+\d{1,5}.*", fullmatch=True)))
def test_written_date_parser_never_raises_and_gives_only_real_days(text):
    result = parse_written_date(text)
    assert result is None or 1900 <= result.year <= 2200


@given(
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)),
    st.integers(min_value=-12 * 60, max_value=14 * 60).map(lambda minutes: minutes - minutes % 15),
    st.booleans(),
)
def test_a_timestamp_gives_its_local_day_whatever_the_spelling(moment, offset, basic):
    local = moment.replace(second=0, microsecond=0)
    zone = dt.timezone(dt.timedelta(minutes=offset))
    written = local.replace(tzinfo=zone).isoformat()
    in_utc = local.replace(tzinfo=zone).astimezone(dt.UTC)
    utc_written = in_utc.strftime("%Y%m%dT%H%M%SZ" if basic else "%Y-%m-%dT%H:%M:%SZ")
    assert parse_stamp(written).local_day(None) == local.date()
    assert parse_stamp(utc_written).local_day(offset) == local.date()


@given(st.text(max_size=80))
def test_stamp_parser_never_raises(text):
    stamp = parse_stamp(text)
    assert stamp is None or isinstance(stamp.date, dt.date)


def test_the_unix_epoch_declared_as_the_publication_is_no_date():
    # "datePublished":"1970-01-01T01:00:00+01:00" beside a real dateModified, as on "Eurocash rusza z
    # Innowacyjną Platformą Handlu - Handel dystrybucja.html" of trafilatura's evaluation set: a
    # timestamp 0 where the CMS has no date, the epoch in the page's time zone. It is passed over
    # for the next statement; a moment that is not the epoch, on its day, is kept.
    for epoch in ("1970-01-01T01:00:00+01:00", "1969-12-31T19:00:00-05:00", "1970-01-01T00:00:00Z", "1970-01-01"):
        assert parse_stamp(epoch) is None
    assert parse_stamp("1970-01-01T05:00:00+01:00") == Stamp(D(1970, 1, 1))
    page = _page(
        head='<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "1970-01-01T01:00:00+01:00",'
        ' "dateModified": "2021-03-02T10:00:00+01:00"}</script>'
        '<meta property="article:published_time" content="2021-03-01T09:30:00+01:00">'
    )
    assert page_date(page) == D(2021, 3, 1)


# What htmldate's search of a page's text returns as the 1st of a month may be a month or a year
# alone. On htmldate's evaluation pages (github.com/adbar/htmldate, tests/): wsl.ch-neubeau.html
# got 1998-01-01 from "copyright 1998-2022" (published 2022-01-17), houzz.de-Projekte.html
# 2022-01-01 from "Januar 2022"; bund.net-hermlin.html writes "01. November 2021", a day.
def test_the_first_of_a_month_read_from_a_year_or_a_month_alone_is_no_date():
    copyright_only = _page(body="<footer>Website copyright 1998-2022 by the institute.</footer>")
    month_only = _page(body="<p class='meta'>Projekte aus dem Januar 2022</p>")
    assert page_date(copyright_only) is None
    assert page_date(month_only) is None


def test_the_first_of_a_month_written_with_its_day_dates_the_page():
    assert page_date(_page(body="<div class='teaser'>01. November 2021</div>")) == D(2021, 11, 1)
    assert page_date(_page(body="<span>Stand: 01/02/2022</span>")) == D(2022, 2, 1)


@given(_DAYS, st.sampled_from(range(8)), st.text(max_size=15), st.text(max_size=15))
def test_a_day_is_found_written_in_any_form_linkaudit_reads(day, spelling, before, after):
    written = (
        f"{day.day:02d}.{day.month:02d}.{day.year}",
        f"{day.day}. {_GERMAN_MONTHS[day.month - 1]} {day.year}",
        day.isoformat(),
        f"{_ENGLISH_MONTHS[day.month - 1]} {day.day}, {day.year}",
        f"{day.year}/{day.month:02d}/{day.day:02d}",
        f"{day.year}{day.month:02d}{day.day:02d}",
        f"{day.month:02d}/{day.day:02d}/{day.year}",
        f"{day.day:02d}/{day.month:02d}/{day.year}",
    )[spelling]
    assert writes_the_day(f"{before} {written} {after}", day)
    assert not writes_the_day(f"© {day.year} · {_GERMAN_MONTHS[day.month - 1]} {day.year} · {day.month:02d}/{day.year}", day)
