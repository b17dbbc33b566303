"""Reading a saved JSON report back into the models, one document at a time.

What a report may hold is said once, by the shipped schema (``linkaudit/schema/report.schema.json``):
each document is validated against it as it is read, then decoded by the report codec. The file
is parsed a document at a time, so a large report (a shard of a CI matrix) never sits in memory
as one tree of dicts. Any problem is one ``ReportError`` naming the file and what is wrong.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterator, Mapping
from importlib import resources
from types import TracebackType
from typing import Any, TextIO

from linkaudit.codec import CodecError
from linkaudit.errors import ReportError
from linkaudit.models import DocumentAudit, Report
from linkaudit.report.json_layout import READABLE_MAJORS, REPORT_CODEC, SCHEMA_VERSION

__all__ = ["SavedReport", "dict_to_report", "load_report", "read_report"]

_CHUNK = 1 << 20
_DECODER = json.JSONDecoder()
Validator = Callable[[Any], Any]


class _Bad(Exception):
    """The JSON is not a report this version can read; the message says where and why."""


class _NotJson(Exception):
    """The file is not JSON at all."""


def load_report(path: str) -> Report:
    """Read a JSON report written by ``render(report, "json")``; ReportError names the file."""
    with read_report(path) as saved:
        documents = tuple(saved.documents)
        return Report(documents, saved.generated_at, saved.tool_version, saved.complete)


def read_report(path: str) -> SavedReport:
    """A saved report to read one document at a time (``with read_report(p) as saved: ...``)."""
    return SavedReport(path)


def dict_to_report(data: Any) -> Report:
    """A report from its JSON data already parsed; ``ReportError`` if it is not one."""
    if not isinstance(data, Mapping):
        raise ReportError(f"not a linkaudit report this version can read: expected an object, got {type(data).__name__}")
    reader = _Reading()
    documents = data.get("documents")
    try:
        for key, value in data.items():
            reader.top(key, [] if key == "documents" and isinstance(value, list) else value)
        if reader.major is None:
            raise _Bad("missing 'schema_version'")
        decoded = tuple(reader.document(raw) for raw in (documents if isinstance(documents, list) else []))
        reader.finish()
    except _Bad as problem:
        raise ReportError(f"not a linkaudit report this version can read: {problem}") from None
    return Report(decoded, reader.generated_at, reader.tool_version, reader.complete)


class SavedReport:
    """``documents`` yields each document once, validated and decoded; ``generated_at``,
    ``tool_version`` and ``complete`` are known once the documents have all been read."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._handle: TextIO | None = None
        self._reading = _Reading()

    def __enter__(self) -> SavedReport:
        try:
            self._handle = open(self.path, encoding="utf-8")
        except OSError as exc:
            raise ReportError(f"{self.path}: cannot read the report: {exc.strerror or exc}") from exc
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None) -> None:
        if self._handle is not None:
            self._handle.close()

    @property
    def generated_at(self) -> dt.datetime:
        return self._reading.generated_at

    @property
    def tool_version(self) -> str:
        return self._reading.tool_version

    @property
    def complete(self) -> bool:
        return self._reading.complete

    @property
    def documents(self) -> Iterator[DocumentAudit]:
        if self._handle is None:
            raise RuntimeError("read documents inside `with read_report(path)`")
        try:
            for key, value in _top_level(_Stream(self._handle)):
                if key is None and self._reading.major is None:
                    self._reading.waiting.append(value)
                elif key is None:
                    yield self._reading.document(value)
                else:
                    self._reading.top(key, value)
            yield from self._reading.held()
            self._reading.finish()
        except OSError as exc:
            raise ReportError(f"{self.path}: cannot read the report: {exc.strerror or exc}") from exc
        except (UnicodeDecodeError, _NotJson) as exc:
            raise ReportError(f"{self.path}: not a JSON report: {exc}") from None
        except RecursionError:
            raise ReportError(f"{self.path}: not a JSON report: nested too deeply") from None
        except _Bad as problem:
            raise ReportError(f"{self.path}: not a linkaudit report this version can read: {problem}") from None


class _Reading:
    """The report's top-level keys as they arrive, and its documents checked and decoded."""

    def __init__(self) -> None:
        self.frame: dict[str, Any] = {}
        self.major: str | None = None
        self._index = 0
        self.waiting: list[Any] = []  # documents that came before schema_version (a re-sorted file)

    def top(self, key: str, value: Any) -> None:
        self.frame[key] = value
        if key == "schema_version":
            version = value if isinstance(value, str) else ""
            major = version.split(".")[0]
            if major not in READABLE_MAJORS or not version.removeprefix(major + ".").isdigit():
                readable = " and ".join(f"{m}.x" for m in READABLE_MAJORS)
                raise _Bad(f"schema_version {value!r} (this linkaudit reads {readable})")
            self.major = major

    def document(self, raw: Any) -> DocumentAudit:
        where = f"documents[{self._index}]"
        self._index += 1
        if self.major == "1" and isinstance(raw, dict):
            raw = _document_from_1x(raw)
        _check(_validators()[1], raw, where)
        source = raw["source"]
        try:
            document: DocumentAudit = REPORT_CODEC.decode(DocumentAudit, raw, _located_in(source))
        except CodecError as problem:
            raise _Bad(str(problem.inside(where))) from None
        _check_claims_point_at_links(document, where)
        return document

    def held(self) -> Iterator[DocumentAudit]:
        waiting, self.waiting = self.waiting, []
        if waiting and self.major is None:
            raise _Bad("missing 'schema_version'")
        for raw in waiting:
            yield self.document(raw)

    def finish(self) -> None:
        frame = dict(self.frame)
        if self.major == "1":
            frame["schema_version"] = SCHEMA_VERSION
        _check(_validators()[0], frame, "report")
        self.generated_at = _when(frame["generated_at"])
        self.tool_version: str = frame["tool"]["version"]
        self.complete: bool = frame["summary"]["complete"]


def _located_in(source: str) -> Mapping[type, Mapping[str, Any]]:
    from linkaudit.models import Location

    return {Location: {"source": source}, str: {}}


def _check_claims_point_at_links(document: DocumentAudit, where: str) -> None:
    """The one rule a schema cannot say: a claim's link indexes point into its document's links."""
    count = len(document.links)
    for index, claim in enumerate(document.claims):
        if any(link >= count for link in claim.links):
            raise _Bad(f"{where}.claims[{index}].links: indexes must point into the document's {count} links")


def _when(text: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise _Bad(f"generated_at: {text!r} is not an ISO 8601 date and time") from None


def _document_from_1x(raw: dict[str, Any]) -> dict[str, Any]:
    """A 1.x document gave a lower bound as "published" with "published_not_before": 2.0's "not_before"."""
    document = {key: value for key, value in raw.items() if key != "published_not_before"}
    if raw.get("published_not_before"):
        document["not_before"] = {"date": raw.get("published"), "detail": raw.get("published_detail") or ""}
        document.update(published=None, published_from=None, published_detail="")
    else:
        document.setdefault("not_before", None)
    links = raw.get("links")
    if isinstance(links, list):
        document["links"] = [
            {**link, "written": link.get("written") or link.get("url")} if isinstance(link, dict) else link
            for link in links
        ]
    return document


def _check(validate: Validator, data: Any, where: str) -> None:
    from fastjsonschema import JsonSchemaValueException

    try:
        validate(data)
    except JsonSchemaValueException as problem:
        message = str(problem)
        raise _Bad(where + message[4:] if message.startswith("data") else f"{where}: {message}") from None


@functools.cache
def _validators() -> tuple[Validator, Validator]:
    """Validators for a report's top level (its documents aside) and for one document, both
    made from the shipped schema (compiled on first use: only reading a report pays for it)."""
    import fastjsonschema

    text = resources.files("linkaudit").joinpath("schema/report.schema.json").read_text(encoding="utf-8")
    # Without its "$id": every reference is inside the file, never to be fetched from that address.
    schema = {key: value for key, value in json.loads(text).items() if key != "$id"}
    frame = {**schema, "properties": {**schema["properties"], "documents": {"type": "array", "maxItems": 0}}}
    document = {"$defs": schema["$defs"], "$ref": "#/$defs/document"}
    return fastjsonschema.compile(frame), fastjsonschema.compile(document)


# -- the file, parsed one value at a time -----------------------------------------------------


class _Stream:
    """A JSON text read in chunks, handing out whole values with ``json``'s own decoder."""

    def __init__(self, handle: TextIO) -> None:
        self._handle = handle
        self._text = ""
        self._at = 0
        self._ended = False

    def _more(self) -> bool:
        if self._ended:
            return False
        if self._at > _CHUNK:
            self._text, self._at = self._text[self._at :], 0
        chunk = self._handle.read(max(_CHUNK, len(self._text) - self._at))
        self._ended = not chunk
        self._text += chunk
        return bool(chunk)

    def peek(self) -> str:
        """The next character that is not white space; "" at the end of the file."""
        while True:
            while self._at < len(self._text) and self._text[self._at] in " \t\r\n":
                self._at += 1
            if self._at < len(self._text) or not self._more():
                return self._text[self._at : self._at + 1]

    def take(self, expected: str) -> str:
        found = self.peek()
        if not found or found not in expected:
            shown = repr(found) if found else "the end of the file"
            raise _NotJson(f"expected {' or '.join(map(repr, expected))} at character {self._at}, found {shown}")
        self._at += 1
        return found

    def value(self) -> Any:
        self.peek()
        while True:
            try:
                value, end = _DECODER.raw_decode(self._text, self._at)
            except json.JSONDecodeError as problem:
                if self._more():
                    continue
                raise _NotJson(str(problem)) from None
            if end == len(self._text) and self._more():
                continue  # a number may go on in the next chunk
            self._at = end
            return value


def _top_level(stream: _Stream) -> Iterator[tuple[str | None, Any]]:
    """(key, value) for each top-level key, but (None, document) for each document in turn."""
    if stream.peek() != "{":
        if stream.peek() == "":
            raise _NotJson("the file is empty")
        found = stream.value()
        raise _Bad(f"report: expected an object, got {type(found).__name__}")
    stream.take("{")
    if stream.peek() == "}":
        stream.take("}")
    else:
        while True:
            key = stream.value()
            if not isinstance(key, str):
                raise _NotJson(f"expected a key, found {key!r}")
            stream.take(":")
            if key == "documents" and stream.peek() == "[":
                yield from _documents(stream)
                yield key, []
            else:
                yield key, stream.value()
            if stream.take(",}") == "}":
                break
    if stream.peek():
        raise _NotJson("extra data after the report")


def _documents(stream: _Stream) -> Iterator[tuple[None, Any]]:
    stream.take("[")
    if stream.peek() == "]":
        stream.take("]")
        return
    while True:
        yield None, stream.value()
        if stream.take(",]") == "]":
            return
