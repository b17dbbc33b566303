"""What the command line prints where a person reads it: piped output, the demo in every format."""

from __future__ import annotations

import re

import pytest

from linkaudit.cli import main


pytestmark = pytest.mark.xdist_group("demo")


@pytest.fixture(scope="module")
def demo_outputs() -> dict[str, str]:
    """The demo's standard output, piped (not a terminal), in each format (one audit, rendered in each)."""
    outputs = {}
    capture = pytest.MonkeyPatch()
    import io
    import sys

    from conftest import share_one_demo_audit

    shared = pytest.MonkeyPatch()
    share_one_demo_audit(shared)
    try:
        for fmt in ("auto", "plain", "github"):
            buffer = io.StringIO()
            capture.setattr(sys, "stdout", buffer)
            capture.delenv("GITHUB_ACTIONS", raising=False)
            assert main(["demo", "--format", fmt]) == 0
            outputs[fmt] = buffer.getvalue()
            capture.undo()
    finally:
        capture.undo()
        shared.undo()
    return outputs


def test_piped_output_defaults_to_plain_with_no_box_and_no_padding(demo_outputs: dict[str, str]) -> None:
    piped = demo_outputs["auto"]
    assert "linkaudit summary" in piped
    assert not re.search(r"[╭╮╰╯│]", piped)
    assert not [line for line in piped.splitlines() if line != line.rstrip()]
    assert "\x1b" not in piped


def test_demo_in_plain_format_draws_no_box(demo_outputs: dict[str, str]) -> None:
    plain = demo_outputs["plain"]
    assert plain.startswith("SIMULATION - every host in this audit is simulated")
    assert not re.search(r"[╭╮╰╯│─]", plain)


def test_demo_lists_every_problem_source_whole_with_its_place(demo_outputs: dict[str, str]) -> None:
    lines = demo_outputs["plain"].splitlines()
    assert "    https://science.example.edu/papers/harbour-risk-2016" in lines
    assert any(line.startswith("  ✗ dead  HTTP 410 (gone)  demo-piece.md:22:58") for line in lines)
    capture = [line for line in lines if "/web/20210302120000/https://news.example.com/2021/03/02/harbour-warning.html" in line]
    assert capture and capture[0].startswith("    http://127.0.0.20:")
    assert "published 2021-03-15 (from front matter 'date')" in lines


def test_a_redirected_source_is_not_called_alive() -> None:
    from report_fixture import fixed_report

    from linkaudit.verdict import judge_claims

    alive, moved = fixed_report().documents[0].links[:2]
    assert judge_claims([moved])[0].reason == "1 of 1 source redirected to a live page"
    assert judge_claims([alive, moved])[0].reason == "2 of 2 sources live (1 redirected)"
    assert judge_claims([alive])[0].reason == "1 of 1 source alive"


def test_demo_annotations_name_the_file(demo_outputs: dict[str, str]) -> None:
    annotations = demo_outputs["github"].splitlines()
    assert annotations and all(",title=linkaudit%3A " in line for line in annotations)
    assert all("file=demo-piece.md,line=" in line for line in annotations)
    places = [re.search(r"line=\d+,col=\d+", line).group(0) for line in annotations]  # type: ignore[union-attr]
    assert len(places) == len(set(places)), "one annotation per place"


class _LaterVerdict(str):
    """A verdict value the renderers have never heard of, as a new one would arrive."""

    @property
    def value(self) -> str:
        return str(self)


def test_a_verdict_no_renderer_knows_still_shows_everywhere_as_a_problem() -> None:
    import dataclasses

    from report_fixture import fixed_report

    from linkaudit.report import render
    from linkaudit.report.terminal import audit_renderables, print_audit

    report = fixed_report()
    korea = report.documents[0]
    later = dataclasses.replace(korea.claims[0], verdict=_LaterVerdict("disputed"), reason="the page changed")
    korea = dataclasses.replace(korea, claims=(later, *korea.claims[1:]))
    report = dataclasses.replace(report, documents=(korea,))

    import io

    from rich.console import Console

    console = Console(width=120, file=io.StringIO(), color_system=None)
    print_audit(console, audit_renderables(report))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "! disputed  line 5" in text and "the page changed" in text
    assert text.rindex("◷ archived") < text.index("! disputed")  # after the known problems, before healthy claims
    assert "! 1 disputed" in text

    page = render(report, "html")
    assert 'data-verdict="disputed"' in page and '<span class="tag t-warn">! disputed</span>' in page
    markdown = render(report, "markdown")
    assert "⚠️ **disputed**" in markdown.split("<details>")[0]
    assert "⚠️ **1 disputed**" in markdown
