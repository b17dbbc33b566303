"""Reading pieces: sniffing, decoding, directories, web pages and stdin; bad input is one error each."""

from __future__ import annotations

import io
import os
import re
import sys
import threading
from pathlib import Path
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from linkaudit.extract.sniff import opens_html_document
from linkaudit.extract.sources import decode, read_sources, sniff_kind
from linkaudit.models import DocumentKind
from linkaudit.settings import Settings

HTML, MARKDOWN, TEXT = DocumentKind.HTML, DocumentKind.MARKDOWN, DocumentKind.TEXT


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>x</p></body></html>", "page.txt", (HTML, False)),
        ("<p>One <a href='https://a.example'>link</a></p><p>Two</p>", None, (HTML, False)),
        ("\\u003cp\\u003eHi \\u003ca href=\\u0022https://a.example\\u0022\\u003e", "scrape.txt", (HTML, True)),
        ("# Title\n\nA [link](https://a.example).\n", "notes.txt", (MARKDOWN, False)),
        ("---\ntitle: x\n---\nBody\n", None, (MARKDOWN, False)),
        ("Plain words and https://a.example here.\n", "notes.txt", (TEXT, False)),
        ("Plain words and https://a.example here.\n", "notes.md", (MARKDOWN, False)),
        ("Plain words.\n", "page.html", (HTML, False)),
        ("Plain words.\n", "https://site.example/post", (TEXT, False)),
        # A page whose JSON-LD quotes a little escaped HTML is the page it is.
        ('<!doctype html><html><head><script type="application/ld+json">{"description":"A \\u003cb\\u003eb'
         '\\u003c/b\\u003e"}</script></head><body><article><p>See <a href="https://a.example/">it</a>.</p>'
         '</article></body></html>', "page.html", (HTML, False)),
        # A writer's Markdown may quote escaped HTML in a code block.
        ('Escape `<` as `\\u003c`:\n\n```js\nel.innerHTML = "\\u003cspan class=\\"x\\"\\u003e";\n```\n', "notes.md",
         (MARKDOWN, False)),
    ],
)
def test_sniff_kind_reads_content_first_and_extension_second(text, name, expected):
    assert sniff_kind(text, name) == expected


def test_decode_takes_utf8_with_bom_then_a_declared_charset_then_cp1252():
    assert decode("\ufeffcafé".encode()) == ("café", ())
    declared = '<meta charset="koi8-r"><p>Привет</p>'.encode("koi8-r")
    assert decode(declared)[0] == '<meta charset="koi8-r"><p>Привет</p>'
    assert decode("naïve".encode("latin-1"), declared="iso-8859-1") == ("naïve", ())
    text, warnings = decode("“quoted”".encode("cp1252"))
    assert text == "“quoted”"
    assert len(warnings) == 1 and "cp1252" in warnings[0]


def test_the_reports_directory_is_not_read_as_pieces(tmp_path, monkeypatch):
    (tmp_path / "piece.md").write_text("See [a](https://a.example/).\n", encoding="utf-8")
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "piece-2026-01-01.md").write_text("[old](https://old.example/)\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    documents, errors = read_sources(["."], Settings().extract)
    assert [Path(d.source).name for d in documents] == ["piece.md"] and errors == []


def test_directories_are_walked_by_extension_honouring_gitignore(tmp_path):
    (tmp_path / ".gitignore").write_text("drafts/\n*.tmp.md\n")
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text("A [x](https://a.example).")
    (tmp_path / "posts" / "b.html").write_text("<p><a href='https://b.example'>b</a></p>")
    (tmp_path / "posts" / "c.tmp.md").write_text("ignored")
    (tmp_path / "posts" / "image.png").write_bytes(b"\x89PNG\x00")
    (tmp_path / "drafts").mkdir()
    (tmp_path / "drafts" / "d.md").write_text("ignored")
    (tmp_path / "posts" / "nested").mkdir()
    (tmp_path / "posts" / "nested" / ".gitignore").write_text("secret.txt\n")
    (tmp_path / "posts" / "nested" / "secret.txt").write_text("ignored")
    (tmp_path / "posts" / "nested" / "e.txt").write_text("https://e.example")
    documents, errors = read_sources([str(tmp_path)], Settings().extract)
    assert errors == []
    names = [document.path[len(str(tmp_path)) + 1 :] for document in documents]
    assert names == ["posts/a.md", "posts/b.html", "posts/nested/e.txt"]


def test_include_and_exclude_globs_choose_files_in_directories(tmp_path):
    for name in ("keep.md", "skip.md", "notes.rst"):
        (tmp_path / name).write_text("x https://a.example")
    settings = Settings(include_paths=("*.md", "*.rst"), exclude_paths=("skip.*",))
    documents, errors = read_sources([str(tmp_path)], settings.extract)
    assert errors == []
    assert sorted(d.path.rsplit("/", 1)[1] for d in documents) == ["keep.md", "notes.rst"]


def test_a_directory_without_pieces_is_one_error(tmp_path):
    (tmp_path / "data.csv").write_text("a,b")
    documents, errors = read_sources([str(tmp_path)], Settings().extract)
    assert documents == []
    assert len(errors) == 1 and str(tmp_path) in str(errors[0]) and "no pieces" in str(errors[0])


def test_the_same_file_named_twice_is_read_once(tmp_path):
    piece = tmp_path / "a.md"
    piece.write_text("x")
    documents, _ = read_sources([str(piece), str(tmp_path)], Settings().extract)
    assert len(documents) == 1


def test_over_large_files_name_the_limit(tmp_path):
    piece = tmp_path / "big.md"
    piece.write_text("x" * 3000)
    _, (error,) = read_sources([str(piece)], Settings(max_file_bytes=2048).extract)
    assert str(error) == f"{piece}: larger than the 2 KB limit; skipped"


def test_stdin_is_read_for_a_dash(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"# T\n\n[a](https://a.example)\n")))
    (document,), errors = read_sources(["-"], Settings().extract)
    assert errors == []
    assert (document.source, document.kind) == ("<stdin>", MARKDOWN)


# --- web pages ---------------------------------------------------------------------------------

_PAGES = {
    "/post": (200, "text/html; charset=utf-8", "<html><body><p><a href='/a'>a</a></p></body></html>".encode()),
    "/latin": (200, "text/html; charset=iso-8859-1", "<p>naïve</p><p>x</p><p>y</p>".encode("latin-1")),
    "/gone": (404, "text/html", b"<p>not here</p>"),
    "/moved": (301, "text/html", b""),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server protocol
        status, content_type, body = _PAGES.get(self.path, (404, "text/plain", b"no"))
        self.send_response(status)
        if status == 301:
            self.send_header("Location", "/post")
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def site() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.2", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.2:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_web_pages_are_fetched_and_their_final_url_is_the_base(site):
    (moved, latin), errors = read_sources([f"{site}/moved", f"{site}/latin"], Settings(timeout=5, allow_private=True).extract)
    assert errors == []
    assert (moved.source, moved.base_url, moved.kind) == (f"{site}/moved", f"{site}/post", HTML)
    assert "naïve" in latin.text and latin.warnings == ()


def test_unreachable_or_failing_pages_are_one_error_each(site):
    closed = "http://127.0.0.3:9/post"
    documents, errors = read_sources([f"{site}/gone", closed, f"{site}/post"], Settings(timeout=2, allow_private=True).extract)
    assert len(documents) == 1
    assert [str(e).split(": ", 1)[0] for e in errors] == [f"{site}/gone", closed]
    assert "HTTP 404" in str(errors[0]) and "could not fetch" in str(errors[1])


# --- explicit paths and ignore rules ---------------------------------------------------------


def _site(tmp_path: Path) -> Path:
    """A repository whose built site is git-ignored, as static-site generators set them up."""
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("_site/\n*.draft.html\n")
    site = tmp_path / "_site"
    (site / "posts").mkdir(parents=True)
    (site / "posts" / "a.html").write_text("<p><a href='https://a.example/'>a</a></p>")
    (site / "posts" / "b.draft.html").write_text("<p><a href='https://b.example/'>b</a></p>")
    return site


def test_a_directory_named_on_the_command_line_is_read_even_when_ignored(tmp_path):
    site = _site(tmp_path)
    documents, errors = read_sources([str(site)], Settings().extract)
    assert errors == []
    # The rule that names the directory does not apply to it; the others still apply beneath it.
    assert [Path(d.path).name for d in documents] == ["a.html"]


def test_an_ignored_file_named_on_the_command_line_is_read(tmp_path):
    site = _site(tmp_path)
    documents, errors = read_sources([str(site / "posts" / "b.draft.html")], Settings().extract)
    assert errors == [] and len(documents) == 1


def test_no_ignore_turns_the_ignore_rules_off(tmp_path):
    site = _site(tmp_path)
    documents, _ = read_sources([str(tmp_path)], Settings().extract)
    assert documents == []
    documents, errors = read_sources([str(site)], Settings(no_ignore=True).extract)
    assert errors == []
    assert [Path(d.path).name for d in documents] == ["a.html", "b.draft.html"]


def test_no_ignore_is_a_command_line_option():
    from linkaudit.cli import build_parser

    arguments = build_parser().parse_args(["extract", "--no-ignore", "x"])
    assert arguments.no_ignore is True


# --- formats seen in publishing repositories -------------------------------------------------


def test_quarto_r_markdown_mdx_and_rst_files_are_found_in_directories(tmp_path):
    for name in ("a.qmd", "b.Rmd", "c.mdx", "d.rst"):
        (tmp_path / name).write_text("See https://x.example/ here.\n")
    documents, errors = read_sources([str(tmp_path)], Settings().extract)
    assert errors == []
    assert [(Path(d.path).name, d.kind) for d in documents] == [
        ("a.qmd", MARKDOWN),
        ("b.Rmd", MARKDOWN),
        ("c.mdx", MARKDOWN),
        ("d.rst", DocumentKind.RST),
    ]


def test_rst_is_never_sniffed_as_html_or_markdown():
    # A PEP's author line looks like a <p> tag; its links are reStructuredText all the same.
    pep = "PEP: 1\nAuthor: P. Moore <p.f.moore@gmail.com>\n\nSee `the docs <https://docs.example/>`__.\n"
    assert sniff_kind(pep, "pep-0001.rst") == (DocumentKind.RST, False)


# --- bytes that are text all the same --------------------------------------------------------


def test_stray_nul_bytes_in_a_text_page_are_dropped_with_a_warning(tmp_path):
    page = tmp_path / "page.html"
    body = "<html><body>" + "<p>Text of the piece.</p>" * 200 + "<p>See <a href='https://a.example/'>this</a>.</p></body></html>"
    page.write_bytes(body.encode().replace(b"Text", b"Te\x00xt", 3))
    documents, errors = read_sources([str(page)], Settings().extract)
    assert errors == []
    (document,) = documents
    assert "\x00" not in document.text and "Text of the piece" in document.text
    assert any("3 NUL bytes dropped" in warning for warning in document.warnings)


def test_a_short_note_with_one_stray_nul_byte_is_read_with_a_warning(tmp_path):
    note = tmp_path / "note.md"
    note.write_bytes(b"Some prose with a [link](https://a.example/a)\x00 and a little more.\n")
    documents, errors = read_sources([str(note)], Settings().extract)
    assert errors == []
    assert documents[0].warnings[0].startswith("1 NUL byte dropped")


@pytest.mark.parametrize("header", [b"\x89PNG\x00\x00\x00", b"PK\x03\x04\x14\x00\x00\x00"], ids=["png", "zip"])
def test_the_shortest_binary_headers_are_refused(tmp_path, header):
    image = tmp_path / "image.md"
    image.write_bytes(header)
    documents, errors = read_sources([str(image)], Settings().extract)
    assert documents == [] and "binary" in str(errors[0])


def test_binary_files_are_still_refused(tmp_path):
    image = tmp_path / "image.html"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20)
    documents, errors = read_sources([str(image)], Settings().extract)
    assert documents == [] and "binary" in str(errors[0])


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"])
def test_utf32_and_utf16_files_are_read_with_or_without_a_bom(tmp_path, encoding):
    piece = tmp_path / "piece.md"
    piece.write_bytes("# Über\n\nSee [the report](https://a.example/r) — “quoted”.\n".encode(encoding))
    documents, errors = read_sources([str(piece)], Settings().extract)
    assert errors == []
    assert documents[0].text.lstrip("\ufeff").startswith("# Über") and documents[0].warnings == ()


@pytest.mark.timeout(30)
def test_a_fifo_is_refused_not_waited_on(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    os.mkfifo(tmp_path / "pipe.md")
    (tmp_path / "real.md").write_text("[a](https://a.example/)")
    documents, errors = read_sources([str(tmp_path / "pipe.md"), str(tmp_path)], Settings().extract)
    assert [Path(d.path).name for d in documents] == ["real.md"]
    assert [Path(e.source).name for e in errors] == ["pipe.md"]
    assert "not a regular file" in str(errors[0])


# --- sniffing in linear time -----------------------------------------------------------------


@pytest.mark.timeout(60)
def test_sniffing_a_wordpress_export_full_of_comment_blocks_is_quick():
    # Gutenberg block comments, as a WordPress export writes them: the old pattern doubled its
    # time with each block (26 blocks, 72 s); 400 blocks must not hang.
    block = "<!-- wp:paragraph -->\n<p>A paragraph with <a href=\"https://a.example/\">a link</a>.</p>\n<!-- /wp:paragraph -->\n\n"
    assert sniff_kind(block * 400, None) == (HTML, False)
    assert sniff_kind("<!-- a -->" * 2000 + "x", None)[0] is not None


# The pattern the scan replaced, with one correction: a comment ends at its first "-->", as HTML
# reads it (the old ".*?" could backtrack past it, so "<!---->--><html>" opened a document).
_OLD_DOCUMENT_PATTERN = re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--(?:(?!-->).)*-->\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S)


@given(st.lists(st.sampled_from(["<!--", "-->", " ", "\n", "x", "<html>", "<!DOCTYPE html>", "<?xml v?>", "-", ">", "<"]), max_size=8))
@example(["<!--", "-->", "-->", "<html>"])
@example(["<!--", "-->", "<!--", "-->", "<html>"])
def test_the_document_scan_agrees_with_the_pattern_it_replaces(parts):
    text = "".join(parts)
    assert opens_html_document(text) == bool(_OLD_DOCUMENT_PATTERN.match(text))


@given(st.text(max_size=300), st.sampled_from([None, "a.md", "a.html", "a.txt", "a.rst", "https://x.example/p"]))
def test_sniffing_never_fails(text, name):
    kind, escaped = sniff_kind(text, name)
    assert kind in DocumentKind and isinstance(escaped, bool)


def test_a_utf8_page_with_a_few_stray_bytes_keeps_its_utf8_and_reads_each_stray_byte_as_cp1252():
    # As on der-erfolg-gibt-recht.de.rinderleber.html of trafilatura's evaluation set: a page
    # declared UTF-8, a hundred characters of it UTF-8, and alt="K\xfcchenblogs" in Latin-1. Read
    # as cp1252 throughout, every "ü" of the article became "Ã¼"; now only the stray bytes are
    # read so, one character each, and a warning says how many.
    data = '<meta charset="UTF-8"><p>Grüße aus der Küche, übrig vom Vortag.</p>'.encode() + b'<img alt="K\xfcchenblogs">\x81'
    text, warnings = decode(data)
    assert text == '<meta charset="UTF-8"><p>Grüße aus der Küche, übrig vom Vortag.</p><img alt="Küchenblogs">\x81'
    assert warnings == ("not valid UTF-8 throughout; 2 stray byte(s) read as cp1252",)
    assert decode(b"\xef\xbb\xbf" + "é".encode() * 2 + b"\xe4")[0] == "ééä"


def test_a_page_in_a_one_byte_encoding_throughout_is_still_read_as_cp1252():
    # As nmb-media.de.ebay.html of the same set: 74 bytes of Latin-1 and no UTF-8 at all. Nor is a
    # page declared in another charset read as UTF-8.
    text, warnings = decode("Alle Auswählen, Größe: ä".encode("cp1252"))
    assert text == "Alle Auswählen, Größe: ä"
    assert "read as cp1252" in warnings[0]
    latin = '<meta charset="iso-8859-1"><p>Grüße</p>'.encode("latin-1") + "é".encode()
    assert decode(latin) == ('<meta charset="iso-8859-1"><p>Grüße</p>Ã©', ())
