"""The one record codec: every record survives a trip through JSON data, by fields or by layout."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_fixture import fixed_report

from linkaudit.codec import Codec, CodecError, Key, Layout
from linkaudit.models import (
    ArchiveLookup,
    CheckResult,
    Citation,
    DocumentAudit,
    Drift,
    Location,
)
from linkaudit.report.json_layout import REPORT_CODEC

ROWS = Codec()


@settings(max_examples=80, deadline=None)
@given(record=st.one_of(st.from_type(CheckResult), st.from_type(ArchiveLookup), st.from_type(Drift),
                        st.from_type(Citation)))
def test_every_record_comes_back_from_its_json_data(record: Any) -> None:
    text = json.dumps(ROWS.encode(record))  # what a file holds: JSON text, nothing else
    again = ROWS.decode(type(record), json.loads(text))
    assert json.dumps(ROWS.encode(again)) == text
    if "NaN" not in text:  # NaN is never equal to itself, so only its text can be compared
        assert again == record


def test_a_record_is_written_under_its_field_names_in_field_order() -> None:
    when = dt.datetime(2024, 5, 1, 10, 0, tzinfo=dt.UTC)
    data = ROWS.encode(Location("a.md", 3, 4))
    assert list(data.items()) == [("source", "a.md"), ("line", 3), ("column", 4)]
    citation = Citation("https://x.example/", "https://x.example/", "x", "A claim.", "id", Location("a.md", 1, 1),
                        version_date=when.date())
    assert "key" not in ROWS.encode(citation)  # derived from the URL, never stored
    assert ROWS.encode(citation)["version_date"] == "2024-05-01"


def test_the_report_layout_gives_back_the_report() -> None:
    for document in fixed_report().documents:
        data = json.loads(json.dumps(REPORT_CODEC.encode(document)))
        assert REPORT_CODEC.decode(DocumentAudit, data, {Location: {"source": document.source}}) == document


def test_a_documents_links_and_claims_are_read_back_as_tuples() -> None:
    # Declared as sequences (an audit hands over views that make each record as it is read); read
    # from data, they are held whole.
    document = next(document for document in fixed_report().documents if document.links and document.claims)
    data = json.loads(json.dumps(REPORT_CODEC.encode(document)))
    again = REPORT_CODEC.decode(DocumentAudit, data, {Location: {"source": document.source}})
    assert type(again.links) is tuple and type(again.claims) is tuple
    assert (again.links, again.claims) == (tuple(document.links), tuple(document.claims))


@dataclass(frozen=True, slots=True)
class Inner:
    when: dt.date
    note: str = ""


@dataclass(frozen=True, slots=True)
class Outer:
    name: str
    inner: Inner | None
    count: int = 0


FLAT = Codec({Outer: Layout(keys=(Key("name"), Key("day", ("inner.when",)), Key("note", ("inner.note",), absent="")),
                            present={"inner": "day"})})


def test_a_layout_flattens_renames_and_marks_an_absent_record() -> None:
    assert FLAT.encode(Outer("a", Inner(dt.date(2024, 1, 2), "n"))) == {"name": "a", "day": "2024-01-02", "note": "n"}
    assert FLAT.encode(Outer("b", None)) == {"name": "b", "day": None, "note": ""}
    assert FLAT.decode(Outer, {"name": "b", "day": None, "note": ""}) == Outer("b", None)
    assert FLAT.decode(Outer, {"name": "a", "day": "2024-01-02"}) == Outer("a", Inner(dt.date(2024, 1, 2)))


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"name": "a", "inner": {"when": "someday"}}, "inner.when: 'someday' is not an ISO 8601 date"),
        ({"name": 3, "inner": None}, "name: expected str, got int"),
        ({"name": "a", "inner": None, "count": True}, "count: expected int, got bool"),
        ({"inner": None}, "name: missing"),
        ({"name": "a", "inner": []}, "inner: expected an object, got list"),
    ],
)
def test_data_that_is_not_the_record_names_where(data: dict[str, Any], problem: str) -> None:
    with pytest.raises(CodecError) as caught:
        ROWS.decode(Outer, data)
    assert str(caught.value) == problem


def test_only_optional_unions_and_homogeneous_tuples_are_decoded() -> None:
    @dataclass(frozen=True)
    class Odd:
        either: int | str

    with pytest.raises(TypeError, match="X \\| None"):
        ROWS.decode(Odd, {"either": 1})
