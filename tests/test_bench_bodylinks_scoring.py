"""How the body-link benchmark scores a tool against the hand-judged samples."""

import importlib.util
import json
import sys
from pathlib import Path

_BENCH = Path(__file__).parent.parent / "benchmarks" / "bench_bodylinks.py"
_spec = importlib.util.spec_from_file_location("bench_bodylinks", _BENCH)
assert _spec and _spec.loader
bench = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = bench  # its dataclasses look their module up by name
_spec.loader.exec_module(bench)


def _judged(tmp_path: Path, links: dict[str, str]) -> Path:
    path = tmp_path / "judged.json"
    path.write_text(json.dumps({"sample": {"page.html": links}}), encoding="utf-8")
    return path


def test_one_link_judged_in_several_spellings_is_one_citation_found_by_any(tmp_path: Path) -> None:
    judged = _judged(
        tmp_path,
        {
            "https://doi.org/10.1/x": "citation",
            "http://doi.org/10.1/x": "citation",
            "https://doi.org/10.1/x ": "citation",
            "https://doi.org/10.1/x#": "citation",
            "https://example.org/": "furniture",
        },
    )
    for spelling in ("https://doi.org/10.1/x", "http://doi.org/10.1/x", "https://doi.org/10.1/x ", "https://doi.org/10.1/x#"):
        scored = bench.judge({"page.html": [spelling]}, "sample", judged)
        assert (scored.true_positives, scored.false_positives, scored.false_negatives) == (1, 0, 0)


def test_missed_and_wrong_links_are_still_counted(tmp_path: Path) -> None:
    judged = _judged(tmp_path, {"https://a.example/1": "citation", "https://a.example/2": "citation", "https://b.example/": "furniture"})
    scored = bench.judge({"page.html": ["https://a.example/1", "https://b.example/"]}, "sample", judged)
    assert (scored.true_positives, scored.false_positives, scored.false_negatives) == (1, 1, 1)


def test_a_link_taken_but_never_judged_is_an_error_when_strict(tmp_path: Path) -> None:
    judged = _judged(tmp_path, {"https://a.example/1": "citation"})
    try:
        bench.judge({"page.html": ["https://c.example/"]}, "sample", judged)
    except ValueError as error:
        assert "never judged" in str(error)
    else:
        raise AssertionError("an unjudged link was scored silently")
