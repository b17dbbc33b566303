"""One typed codec for the frozen records of ``linkaudit.models``: JSON-ready data and back.

Driven by each dataclass's fields and type hints: enums travel as their values, dates and
datetimes as ISO 8601, tuples as lists (a ``Sequence`` field is read back as a tuple), ``X | None``
as X or null, nested records as objects.
A record is written under its field names in field order, unless a ``Layout`` says otherwise:
the JSON report flattens and renames (a link holds its citation's and its check's fields side by
side). Fields the constructor does not take (``Citation.key``) are derived, never stored.

Encoders and decoders are built once per type and kept, so reading 100,000 links pays for the
type hints once. Decoding raises ``CodecError`` (a ``ValueError``) naming where the problem is.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Codec", "CodecError", "Key", "Layout"]

# What a decoder is given besides the data: per record type, values for fields the data leaves
# out (a report gives each link's line and column; the file it is in is the document's source);
# and under ``str``, a dict in which equal strings are shared as they are read.
Context = Mapping[type, Mapping[str, Any]]
Encoder = Callable[[Any], Any]
Decoder = Callable[[Any, Context], Any]


class CodecError(ValueError):
    """Data that does not make the record asked for; ``where`` is the path to the bad value."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}" if where else problem)
        self.where, self.problem = where, problem

    def inside(self, step: str) -> CodecError:
        return CodecError(f"{step}.{self.where}" if self.where and not self.where.startswith("[") else f"{step}{self.where}", self.problem)


@dataclass(frozen=True)
class Key:
    """One key of a laid-out object and the field it holds, as a dotted path (``check.status``).

    With several paths the key is written from the first whose records are all there, and read
    into every one of them. ``absent`` is written when no path leads to a record (a link that was
    never checked still says ``"attempts": 0``); ``digits`` rounds a float as it is written.
    """

    name: str
    paths: tuple[str, ...] = ()
    absent: Any = None
    digits: int | None = None

    def __post_init__(self) -> None:
        if not self.paths:
            object.__setattr__(self, "paths", (self.name,))


@dataclass(frozen=True)
class Layout:
    """How one record type is written when its JSON object is not simply its fields.

    ``present`` maps the path of an optional record inside to the key whose null means that
    record is absent (a link's check is absent when its ``status`` is null). ``after_encode`` and
    ``before_decode`` hold a format's few rules that are not a field's value.
    """

    keys: tuple[Key, ...]
    present: Mapping[str, str] = field(default_factory=dict)
    after_encode: Callable[[Any, dict[str, Any]], None] | None = None
    before_decode: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None


class _Gathered(dict[str, Any]):
    """A record's fields collected from a laid-out object: decoded by field name, not by layout."""


_MISSING = object()
_NOTHING: Mapping[str, Any] = {}
_SCALARS: dict[type, tuple[type, ...]] = {str: (str,), int: (int,), bool: (bool,), float: (int, float)}


class Codec:
    """Encodes and decodes records, each laid out as ``layouts`` says or else by its fields."""

    def __init__(self, layouts: Mapping[type, Layout] | None = None) -> None:
        self._layouts = dict(layouts or {})
        self._encoders: dict[Any, Encoder] = {}
        self._decoders: dict[Any, Decoder] = {}

    def encode(self, value: Any) -> Any:
        """JSON-ready data (dicts, lists, str, int, float, bool, None) for a record or value."""
        return self._encoder(type(value))(value)

    def decode(self, kind: Any, data: Any, context: Context | None = None) -> Any:
        """The value of type ``kind`` (a record class or a type hint) that ``data`` encodes."""
        return self._decoder(kind)(data, context or {})

    # -- encoding ---------------------------------------------------------------------------

    def _encoder(self, kind: Any) -> Encoder:
        found = self._encoders.get(kind)
        if found is None:
            found = self._encoders[kind] = self._make_encoder(kind)
        return found

    def _make_encoder(self, kind: Any) -> Encoder:
        if isinstance(kind, type) and dataclasses.is_dataclass(kind):
            layout = self._layouts.get(kind)
            return self._laid_out_encoder(layout) if layout else self._fields_encoder(kind)
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            return _enum_value
        if kind in (dt.datetime, dt.date):
            return _isoformat
        if kind in (tuple, list) or (isinstance(kind, type) and issubclass(kind, Sequence) and not issubclass(kind, str | bytes)):
            return lambda items: [self.encode(item) for item in items]  # a record view too (models.RecordView)
        return _same

    def _fields_encoder(self, kind: type) -> Encoder:
        names = tuple(f.name for f in dataclasses.fields(kind) if f.init)

        def encode(record: Any) -> dict[str, Any]:
            return {name: self.encode(getattr(record, name)) for name in names}

        return encode

    def _laid_out_encoder(self, layout: Layout) -> Encoder:
        getters = [(key, [path.split(".") for path in key.paths]) for key in layout.keys]

        def encode(record: Any) -> dict[str, Any]:
            data = {}
            for key, paths in getters:
                value = _first_along(record, paths)
                if value is _MISSING:
                    data[key.name] = key.absent
                    continue
                if key.digits is not None and isinstance(value, float):
                    value = round(value, key.digits)
                data[key.name] = self.encode(value)
            if layout.after_encode is not None:
                layout.after_encode(record, data)
            return data

        return encode

    # -- decoding ---------------------------------------------------------------------------

    def _decoder(self, kind: Any) -> Decoder:
        found = self._decoders.get(kind)
        if found is None:
            found = self._decoders[kind] = self._make_decoder(kind)
        return found

    def _make_decoder(self, kind: Any) -> Decoder:
        origin = typing.get_origin(kind)
        if origin in (typing.Union, types.UnionType):
            return self._optional_decoder(kind)
        if origin is tuple or origin is Sequence:
            return self._tuple_decoder(kind)
        if dataclasses.is_dataclass(kind):
            return self._record_decoder(kind)  # type: ignore[arg-type]
        if isinstance(kind, type) and issubclass(kind, enum.Enum):
            by_value = {member.value: member for member in kind}  # a dict: far quicker than kind(value)
            return _converter(by_value.__getitem__, "is not one of " + ", ".join(map(str, by_value)))
        if kind is dt.datetime:
            return _converter(dt.datetime.fromisoformat, "is not an ISO 8601 date and time")
        if kind is dt.date:
            return _converter(dt.date.fromisoformat, "is not an ISO 8601 date")
        if kind in _SCALARS:
            return _scalar(kind)
        raise TypeError(f"the codec cannot decode {kind!r}")

    def _optional_decoder(self, kind: Any) -> Decoder:
        options = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        if len(options) != 1:
            raise TypeError(f"the codec decodes X | None unions only, not {kind!r}")
        inner = self._decoder(options[0])
        return lambda data, context: None if data is None else inner(data, context)

    def _tuple_decoder(self, kind: Any) -> Decoder:
        args = typing.get_args(kind)
        if typing.get_origin(kind) is tuple and (len(args) != 2 or args[1] is not Ellipsis):
            raise TypeError(f"the codec decodes tuple[X, ...] only, not {kind!r}")
        item = self._decoder(args[0])

        def decode(data: Any, context: Context) -> tuple[Any, ...]:
            if not isinstance(data, list | tuple):
                raise CodecError("", f"expected a list, got {_kind_of(data)}")
            values = []
            for index, value in enumerate(data):
                try:
                    values.append(item(value, context))
                except CodecError as problem:
                    raise problem.inside(f"[{index}]") from None
            return tuple(values)

        return decode

    def _record_decoder(self, kind: type) -> Decoder:
        by_fields = self._fields_decoder(kind)
        layout = self._layouts.get(kind)
        if layout is None:
            return by_fields
        gather = _gatherer(layout)

        def decode(data: Any, context: Context) -> Any:
            if type(data) is _Gathered:
                return by_fields(data, context)
            if not isinstance(data, dict):
                raise CodecError("", f"expected an object, got {_kind_of(data)}")
            return by_fields(gather(data), context)

        return decode

    def _fields_decoder(self, kind: type) -> Decoder:
        hints = _hints(kind)
        plan = [
            (f.name, self._decoder(hints[f.name]), _default_of(f))
            for f in dataclasses.fields(kind) if f.init
        ]

        def decode(data: Any, context: Context) -> Any:
            if not isinstance(data, dict):
                raise CodecError("", f"expected an object, got {_kind_of(data)}")
            given = context.get(kind, _NOTHING)
            values = {}
            for name, decode_field, default in plan:
                raw = data.get(name, _MISSING)
                if raw is _MISSING or (raw is None and default is not _MISSING):
                    if name in given:
                        values[name] = given[name]
                    elif default is not _MISSING:
                        values[name] = default()
                    else:
                        raise CodecError(name, "missing")
                    continue
                try:
                    values[name] = decode_field(raw, context)
                except CodecError as problem:
                    raise problem.inside(name) from None
            return kind(**values)

        return decode


def _first_along(record: Any, paths: list[list[str]]) -> Any:
    for steps in paths:
        value = record
        for step in steps:
            if value is None:
                value = _MISSING
                break
            value = getattr(value, step)
        if value is not _MISSING:
            return value
    return _MISSING


def _gatherer(layout: Layout) -> Callable[[Mapping[str, Any]], _Gathered]:
    """What collects the fields of a laid-out object, nested by path, with absent optional
    records set to None; the paths are split once per layout."""
    routes = [(key.name, [tuple(path.split(".")) for path in key.paths]) for key in layout.keys]
    absent = [(tuple(path.split(".")), marker) for path, marker in layout.present.items()]
    before = layout.before_decode

    def gather(data: Mapping[str, Any]) -> _Gathered:
        if before is not None:
            data = before(data)
        nested = _Gathered()
        for name, paths in routes:
            if name not in data:
                continue
            value = data[name]
            for *outer, last in paths:
                place = nested
                for step in outer:
                    inner = place.get(step)
                    if inner is None:
                        inner = place[step] = _Gathered()
                    place = inner
                place[last] = value
        for (*outer, last), marker in absent:
            if data.get(marker) is None:
                found: Any = nested
                for step in outer:
                    found = found.get(step) or {}
                if isinstance(found, _Gathered):
                    found[last] = None
        return nested

    return gather


@functools.cache
def _hints(kind: type) -> dict[str, Any]:
    # get_type_hints evaluates every annotation (they are strings here): once per record type.
    return typing.get_type_hints(kind)


def _default_of(spec: dataclasses.Field[Any]) -> Any:
    if spec.default is not dataclasses.MISSING:
        value = spec.default
        return lambda: value
    if spec.default_factory is not dataclasses.MISSING:
        return spec.default_factory
    return _MISSING


def _converter(make: Callable[[Any], Any], problem: str) -> Decoder:
    def decode(data: Any, context: Context) -> Any:
        try:
            return make(data)
        except (ValueError, TypeError, KeyError):
            raise CodecError("", f"{data!r} {problem}") from None

    return decode


def _scalar(kind: type) -> Decoder:
    accepted = _SCALARS[kind]
    if kind is str:
        return _text

    def decode(data: Any, context: Context) -> Any:
        if type(data) is kind:
            return data
        # bool is an int in Python, never in a record's data.
        if not isinstance(data, accepted) or (isinstance(data, bool) and kind is not bool):
            raise CodecError("", f"expected {kind.__name__}, got {_kind_of(data)}")
        return float(data) if kind is float else data  # type: ignore[arg-type]

    return decode


def _text(data: Any, context: Context) -> str:
    if type(data) is not str:
        raise CodecError("", f"expected str, got {_kind_of(data)}")
    shared = context.get(str)
    # Equal strings read into one object: a link's URL as written, a claim's text on each of its links.
    return shared.setdefault(data, data) if shared is not None else data  # type: ignore[attr-defined,no-any-return]


def _kind_of(data: Any) -> str:
    return "null" if data is None else type(data).__name__


def _enum_value(value: enum.Enum) -> Any:
    return value.value


def _isoformat(value: dt.date) -> str:
    return value.isoformat()


def _same(value: Any) -> Any:
    return value
