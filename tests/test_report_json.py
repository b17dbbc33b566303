"""The JSON report: its shape, validated by the shipped schema, and read back."""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_fixture import GENERATED_AT, assert_golden, fixed_report

from linkaudit.errors import ReportError
from linkaudit.models import Report
from linkaudit.policy import Policy
from linkaudit.report import (
    SCHEMA_VERSION,
    load_report,
    read_report,
    render,
    report_to_dict,
)
from linkaudit.report.json import dict_to_report


def _schema() -> dict[str, Any]:
    text = resources.files("linkaudit").joinpath("schema/report.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


@functools.cache
def _validator() -> Any:
    # The shipped schema checked and compiled once for every report these tests validate; jsonschema
    # imported by the tests that need it, not by every worker at collection.
    import jsonschema

    schema = _schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _validate(data: object) -> None:
    _validator().validate(data)


def _rendered() -> dict[str, Any]:
    return json.loads(render(fixed_report(), "json"))


def test_matches_the_golden_file() -> None:
    assert_golden("report.json", render(fixed_report(), "json") + "\n")


def test_the_shipped_schema_validates_the_report() -> None:
    _validate(_rendered())


def test_the_schema_rejects_a_malformed_link() -> None:
    from jsonschema import ValidationError

    data = _rendered()
    data["documents"][0]["links"][0]["status"] = "fine"
    with pytest.raises(ValidationError):
        _validate(data)
    data = _rendered()
    data["documents"][0]["links"][2]["archive"]["timestamp"] = "2019-08-01"
    with pytest.raises(ValidationError):
        _validate(data)


def test_keys_come_in_the_documented_order() -> None:
    data = _rendered()
    assert list(data) == ["schema_version", "generated_at", "tool", "documents", "summary"]
    document = data["documents"][0]
    assert list(document)[:7] == ["source", "path", "title", "published", "published_from", "published_detail", "not_before"]
    link = document["links"][0]
    assert list(link)[:16] == [
        "url", "anchor", "claim", "claim_id", "line", "column", "status", "http_status", "final_url",
        "redirects", "error", "checked_at", "archive", "reason", "heading", "written",
    ]
    assert list(document["claims"][0]) == ["id", "text", "line", "verdict", "reason", "links"]


def test_top_level_facts() -> None:
    data = _rendered()
    assert data["schema_version"] == SCHEMA_VERSION
    assert data["generated_at"] == GENERATED_AT.isoformat()
    assert data["tool"] == {"name": "linkaudit", "version": "0.1.0"}
    summary = data["summary"]
    assert summary["verdicts"] == {"backed": 2, "drifted": 1, "archived": 2, "unbacked": 1, "unverified": 3}
    assert summary["links"] == sum(summary["statuses"].values()) == 12
    assert (summary["errors"], summary["policy"]) == (1, {"fail_on": ["unbacked"], "confirm": 1})


def test_links_carry_check_and_archive_evidence() -> None:
    korea, oped = _rendered()["documents"]
    moved = korea["links"][1]
    assert moved["status"] == "redirected"
    assert moved["redirects"] == [
        {"url": "http://old.example.com/a", "status": 301},
        {"url": "https://old.example.com/a", "status": 308},
        {"url": "https://new.example.com/a", "status": 200},
    ]
    archived = korea["links"][2]["archive"]
    assert (archived["timestamp"], archived["relation"], archived["distance_days"], archived["outcome"]) == (
        "20190801120000", "before", 19, "found",
    )
    assert korea["links"][6]["archive"]["outcome"] == "unreachable"
    assert korea["links"][6]["archive"]["url"] is None
    internal = oped["links"][1]
    assert (internal["status"], internal["checked_at"], internal["archive"]) == ("internal", None, None)
    assert (oped["published"], oped["published_from"]) == (None, None)
    assert oped["not_before"] == {"date": "2024-05-02", "detail": "https://gov.example/2024/05/02/results"}
    assert korea["claims"][3]["links"] == [4, 5]


def test_the_policy_shows_in_the_summary() -> None:
    data = json.loads(render(fixed_report(), "json", policy=Policy(fail_on=frozenset({"dead", "unbacked"}))))
    assert data["summary"]["errors"] == 3


def test_load_report_round_trips(tmp_path: Path) -> None:
    saved = tmp_path / "audit.json"
    original = render(fixed_report(), "json")
    saved.write_text(original, encoding="utf-8")
    loaded = load_report(str(saved))
    assert isinstance(loaded, Report)
    assert render(loaded, "json") == original
    assert loaded == fixed_report()


def test_report_to_dict_is_what_render_writes() -> None:
    assert json.loads(render(fixed_report(), "json")) == report_to_dict(fixed_report())


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not a JSON report"),
        ('{"schema_version": "9.0"}', "9.0"),
        ("[]", "expected an object"),
        ('{"schema_version": "1.0", "generated_at": "2024-01-01T00:00:00+00:00", "tool": {"version": "1"}}', "documents"),
    ],
)
def test_load_report_names_the_file_and_the_problem(tmp_path: Path, content: str, problem: str) -> None:
    saved = tmp_path / "bad.json"
    saved.write_text(content, encoding="utf-8")
    with pytest.raises(ReportError, match=problem) as caught:
        load_report(str(saved))
    assert str(saved) in str(caught.value)


def test_load_report_rejects_a_wrong_type_deep_inside(tmp_path: Path) -> None:
    data = _rendered()
    data["documents"][1]["links"][0]["line"] = "three"
    saved = tmp_path / "typed.json"
    saved.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReportError, match=r"documents\[1\]\.links\[0\]\.line"):
        load_report(str(saved))


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data["documents"][0].__setitem__("non_citations", 5),
        lambda data: data["documents"][0]["links"].__setitem__(0, "not a link"),
        lambda data: data["documents"][0].__setitem__("claims", {"a": 1}),
    ],
)
def test_load_report_turns_any_hand_edited_shape_into_one_clear_error(tmp_path: Path, damage: object) -> None:
    data = _rendered()
    damage(data)  # type: ignore[operator]
    saved = tmp_path / "edited.json"
    saved.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReportError, match="not a linkaudit report") as caught:
        load_report(str(saved))
    assert str(saved) in str(caught.value)


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda data: data["documents"][1]["links"][0].__setitem__("line", 0),
         r"documents\[1\]\.links\[0\]\.line must be bigger than or equal to 1"),
        (lambda data: data["documents"][0]["claims"][0].__setitem__("line", -2),
         r"documents\[0\]\.claims\[0\]\.line must be bigger than or equal to 1"),
        (lambda data: data["documents"][0].__setitem__("warnings", [3]), r"documents\[0\]\.warnings\[0\] must be string"),
        (lambda data: data["documents"][0]["links"][0].__setitem__("checked_at", "yesterday"), r"links\[0\]\.checked_at must be date-time"),
        (lambda data: data["documents"][0]["links"][0].__setitem__("version_date", "2024-13-45"),
         r"documents\[0\]\.links\[0\]\.citation\.version_date: '2024-13-45' is not an ISO 8601 date"),
        (lambda data: data.__setitem__("tool", {"version": "1"}), r"report\.tool must contain \['name'\]"),
        (lambda data: data["documents"][1]["claims"][0].__setitem__("links", [0, 7]),
         r"documents\[1\]\.claims\[0\]\.links: indexes must point into the document's 5 links"),
    ],
)
def test_load_report_refuses_values_the_schema_forbids(tmp_path: Path, damage: object, problem: str) -> None:
    data = _rendered()
    damage(data)  # type: ignore[operator]
    saved = tmp_path / "edited.json"
    saved.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReportError, match=problem) as caught:
        load_report(str(saved))
    assert str(caught.value).startswith(f"{saved}: not a linkaudit report")
    assert "\n" not in str(caught.value)


def test_load_report_refuses_an_unknown_capture_relation(tmp_path: Path) -> None:
    data = _rendered()
    archived = next(link for doc in data["documents"] for link in doc["links"] if (link.get("archive") or {}).get("url"))
    archived["archive"]["relation"] = "weird"
    saved = tmp_path / "edited.json"
    saved.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ReportError, match=r"archive\.relation must be one of \['before', 'after'"):
        load_report(str(saved))


def test_load_report_on_absurdly_nested_json(tmp_path: Path) -> None:
    saved = tmp_path / "deep.json"
    saved.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(ReportError, match="nested too deeply"):
        load_report(str(saved))


def test_load_report_on_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="cannot read"):
        load_report(str(tmp_path / "nowhere.json"))


def test_a_1x_report_giving_a_bound_as_published_is_still_read_as_a_bound() -> None:
    data = report_to_dict(fixed_report())
    data["schema_version"] = "1.0"
    oped = data["documents"][1]
    del oped["not_before"]
    oped.update(published="2024-05-02", published_from="cited-urls", published_not_before=True, published_detail="u")
    document = dict_to_report(data).documents[1]
    assert document.published is None
    assert (document.not_before.date.isoformat(), document.not_before.detail) == ("2024-05-02", "u")


def test_a_report_with_its_keys_re_sorted_reads_the_same(tmp_path: Path) -> None:
    # jq -S and friends put "documents" before "schema_version": the reader waits for the version.
    saved = tmp_path / "sorted.json"
    saved.write_text(json.dumps(_rendered(), sort_keys=True, indent=1), encoding="utf-8")
    assert load_report(str(saved)) == fixed_report()


def test_the_reader_takes_a_document_at_a_time_in_file_order(tmp_path: Path) -> None:
    saved = tmp_path / "audit.json"
    saved.write_text(render(fixed_report(), "json"), encoding="utf-8")
    with read_report(str(saved)) as reading:
        sources = [document.source for document in reading.documents]
        assert (reading.generated_at, reading.complete) == (GENERATED_AT, True)
    assert sources == [document.source for document in fixed_report().documents]


@functools.cache
def _rendered_bytes() -> bytes:
    # Rendered once for every example of the property below: the report is the same each time.
    return render(fixed_report(), "json").encode("utf-8")


@pytest.fixture(scope="module")
def damaged_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # One folder for every example, its file written anew each time: a folder each cost more than the read.
    return tmp_path_factory.mktemp("damaged")


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(0, 10_000), flip=st.integers(0, 10_000), byte=st.sampled_from(list(b'{}[],:"0an \\')))
def test_a_damaged_report_is_read_or_refused_in_one_line(damaged_folder: Path, cut: int, flip: int, byte: int) -> None:
    text = _rendered_bytes()
    damaged = bytearray(text[: len(text) - cut % len(text)])
    if damaged:
        damaged[flip % len(damaged)] = byte
    saved = damaged_folder / "audit.json"
    saved.write_bytes(bytes(damaged))
    try:
        load_report(str(saved))
    except ReportError as refused:
        assert str(refused).startswith(str(saved)) and "\n" not in str(refused)


def test_the_schema_names_the_values_the_code_knows() -> None:
    from linkaudit.models import ArchiveOutcome, DateSource, DriftStatus, LinkStatus, Verdict
    from linkaudit.policy import FAIL_ON_CHOICES
    from linkaudit.report.common import INTERNAL

    defs = _schema()["$defs"]
    assert set(defs["summary"]["properties"]["policy"]["properties"]["fail_on"]["items"]["enum"]) == FAIL_ON_CHOICES
    assert set(defs["linkState"]["enum"]) == {*LinkStatus, INTERNAL, None}
    assert set(defs["verdict"]["enum"]) == set(Verdict)
    assert set(defs["document"]["properties"]["published_from"]["enum"]) == {*DateSource, None}
    assert set(defs["drift"]["properties"]["status"]["enum"]) == set(DriftStatus)
    assert set(defs["archive"]["properties"]["outcome"]["enum"]) == set(ArchiveOutcome)


def test_equal_strings_of_a_document_are_read_into_one_object(tmp_path: Path) -> None:
    saved = tmp_path / "audit.json"
    saved.write_text(render(fixed_report(), "json"), encoding="utf-8")
    document = load_report(str(saved)).documents[0]
    same_url = [link.citation for link in document.links if link.citation.written == link.citation.url]
    assert same_url and all(citation.written is citation.url for citation in same_url)
    claims = {claim.text: claim for claim in document.claims}
    assert all(link.citation.claim is claims[link.citation.claim].text for link in document.links)


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4)
    | st.tuples(inner, inner)
    | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    | st.dictionaries(st.integers() | st.booleans() | st.none(), inner, max_size=3),
    max_leaves=30,
)


# The profile's count (50 new values a run, 1,000 with --hypothesis-profile=thorough): a value
# takes about 8 ms to draw, 400 a run cost three seconds of every run, and golden reports check
# the encoder on real reports beside it.
@given(_JSON_VALUES)
def test_the_report_text_of_any_value_is_what_json_dumps_writes(value: Any) -> None:
    from linkaudit.report.json import _dumps

    assert _dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)
