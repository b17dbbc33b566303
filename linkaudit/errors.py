"""Run-level errors. Per-link outcomes are data (``LinkStatus``), never raised.

    LinkauditError
    ├── InputError           a piece cannot be read or parsed (names the file)
    ├── ConfigError          a bad option or config key (names the key and the file)
    ├── NetworkUnavailable   our own network is down: the audit could not be done
    └── ReportError          a report cannot be written or read
"""

from __future__ import annotations

__all__ = ["ConfigError", "InputError", "LinkauditError", "NetworkUnavailable", "ReportError", "contains"]


class LinkauditError(Exception):
    """Base class; ``str(err)`` is one line a user can act on."""


class InputError(LinkauditError):
    def __init__(self, source: str, problem: str, *, unreachable: bool = False, skipped: bool = False) -> None:
        self.source = source
        self.problem = problem
        self.unreachable = unreachable  # a web page we could not reach: maybe our own network
        self.skipped = skipped  # left alone on purpose (over the size limit, empty): nothing was asked of it
        super().__init__(f"{source}: {problem}")

    @property
    def fails_the_run(self) -> bool:
        """Whether the audit misses a piece it was asked to read: a mistyped path, a file that
        cannot be read, a page that answered an error. A piece skipped on purpose does not count,
        nor a page out of reach (transient, or our own network: the run says which)."""
        return not (self.skipped or self.unreachable)


class ConfigError(LinkauditError):
    pass


class NetworkUnavailable(LinkauditError):
    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(
            "network unavailable: no host answered, so the audit could not be done "
            f"and no source was judged ({detail})"
        )


class ReportError(LinkauditError):
    pass


def contains(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    """``exc`` itself or the first ``kind`` inside the exception groups trio raises."""
    if isinstance(exc, kind):
        return exc
    if isinstance(exc, BaseExceptionGroup):
        for inner in exc.exceptions:
            found = contains(inner, kind)
            if found is not None:
                return found
    return None
