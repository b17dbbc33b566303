"""The languages dateparser is asked to read a page's dates in: those the page declares, and English.

htmldate hands a date written in words that its own patterns do not read to dateparser, set to
try every language it knows (205). dateparser loads each language's rules the first time it tries
it: 3.5-5 seconds of CPU once per process, paid by the first page that needs it (a sentence with a
date before the newest cited source is one). A page that declares its language (<html lang>,
Content-Language, og:locale) has such dates read in that language and English: a quarter of a
second to set up. On htmldate's 995 evaluation pages this changes no date; reading the pages that
declare no language in English alone would lose one (a Ukrainian page), so those are read in
every language, as htmldate reads them.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Iterator

import lxml.html

__all__ = ["declared_languages", "dates_read_in"]

_FALLBACK_LANGUAGE = "en"
_LANGUAGE_ATTRIBUTES = ("lang", "{http://www.w3.org/XML/1998/namespace}lang", "xml:lang")
# Lists the page's languages: a page may declare several ("de, en").
_LANGUAGE_SEPARATORS = str.maketrans({",": " ", ";": " "})

# The languages of the page being dated, None outside linkaudit's own reading (htmldate then
# reads dates as it always does, for any other caller in the process).
_PAGE_LANGUAGES: contextvars.ContextVar[tuple[str, ...] | None] = contextvars.ContextVar("page_languages", default=None)


def declared_languages(tree: lxml.html.HtmlElement) -> tuple[str, ...]:
    """The dateparser languages a page declares, in the order declared, then English; empty when
    the page declares none that dateparser knows."""
    declared: list[str] = []
    if tree.tag == "html":
        declared += (tree.get(attribute) or "" for attribute in _LANGUAGE_ATTRIBUTES)
    for meta in tree.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "content-language" or meta.get("property") == "og:locale":
            declared.append(meta.get("content") or "")
    known = _known_languages()
    found = [
        language
        for value in declared
        for tag in value.translate(_LANGUAGE_SEPARATORS).split()
        if (language := tag.replace("_", "-").split("-", 1)[0].lower()) in known
    ]
    return tuple(dict.fromkeys((*found, _FALLBACK_LANGUAGE))) if found else ()


@contextlib.contextmanager
def dates_read_in(languages: tuple[str, ...]) -> Iterator[None]:
    """htmldate's calls to dateparser within read dates in these languages (all when empty)."""
    _install()
    token = _PAGE_LANGUAGES.set(languages or None)
    try:
        yield
    finally:
        _PAGE_LANGUAGES.reset(token)


@functools.cache
def _known_languages() -> frozenset[str]:
    from dateparser.data.languages_info import language_order

    return frozenset(language_order)


@functools.cache
def _htmldate_parser_getter():  # type: ignore[no-untyped-def]
    """htmldate's own getter of its parser (every language), as it was before being wrapped."""
    from htmldate import extractors

    return extractors.get_external_parser


@functools.cache
def _install() -> None:
    """htmldate asks its module-level getter for its dateparser parser at each call: the getter
    is wrapped once, so that a page read by linkaudit gets a parser of the page's languages."""
    from htmldate import extractors

    if not callable(getattr(extractors, "get_external_parser", None)):
        return  # another htmldate: its dates are read as it reads them, in every language
    every_language = _htmldate_parser_getter()

    def external_parser():  # type: ignore[no-untyped-def]
        languages = _PAGE_LANGUAGES.get()
        return every_language() if languages is None else _parser_in(languages)

    extractors.get_external_parser = external_parser


@functools.lru_cache(maxsize=64)
def _parser_in(languages: tuple[str, ...]):  # type: ignore[no-untyped-def]
    from dateparser import DateDataParser

    # htmldate's own settings (strict parsing, dates from the past, ...): only the languages differ.
    every_language = _htmldate_parser_getter()()
    settings = getattr(every_language, "_settings", None)
    if settings is None:
        return every_language  # another dateparser: keep htmldate's parser rather than guess its settings
    return DateDataParser(languages=list(languages), settings=settings)
