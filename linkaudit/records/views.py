"""A sequence of records made as they are read."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from operator import index
from typing import TypeVar, overload

__all__ = ["RecordView"]

_Item = TypeVar("_Item")


class RecordView(Sequence[_Item]):
    """A read-only sequence that makes each record when it is read, and otherwise behaves as the
    tuple of those records: equal to it, hashed, sliced, copied and pickled as it.

    A ``DocumentAudit``'s links and claims may be views over what the audit holds: a piece with
    100,000 links need not hold 100,000 link records and claim verdicts besides its citations and
    check results. Subclasses give ``__len__`` and ``_item``.
    """

    __slots__ = ()

    def _item(self, position: int) -> _Item:
        raise NotImplementedError

    @overload
    def __getitem__(self, position: int) -> _Item: ...

    @overload
    def __getitem__(self, position: slice) -> tuple[_Item, ...]: ...

    def __getitem__(self, position: int | slice) -> _Item | tuple[_Item, ...]:
        if isinstance(position, slice):
            return tuple(self._item(i) for i in range(*position.indices(len(self))))
        at = index(position)
        size = len(self)
        if at < 0:
            at += size
        if not 0 <= at < size:
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._item(at)

    def __iter__(self) -> Iterator[_Item]:
        return map(self._item, range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, tuple | RecordView):
            return NotImplemented
        return len(self) == len(other) and all(mine == theirs for mine, theirs in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return repr(tuple(self))

    def __reduce__(self) -> tuple[type[tuple[_Item, ...]], tuple[tuple[_Item, ...]]]:
        return tuple, (tuple(self),)
