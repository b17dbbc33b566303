"""The order the suite's tests are handed to the workers (the long-running kinds first, the rows of
tables last), and what each worker keeps out of its collector's way.

``--dist loadgroup`` hands each worker one test (or one xdist_group) at a time, in the order
collected, whenever it has two or fewer left. The run ends when the last test handed out ends, so a
long test handed out last leaves the other worker idle until it is done. Collected in file order,
whatever sorts last ends the run: the URL-key properties, among the costliest, did; with those
moved, a server's 128-connection test and a child interpreter's imports would. So:

- first, property tests (hypothesis draws dozens of examples each), with the groups (which
  pytest-xdist already hands out first, as its largest units of work): spread over both workers
  while other tests fill in around them;
- then the other tests, as collected;
- last, the cases of parametrized tests: rows of a table of examples, hundreds of them and nearly
  all short, so that the run ends on short tests and both workers finish together.

The order is a rule on what a test is, not a list of names: a new test takes its place without
anyone listing it. Within each kind the collected order stays, so a module's tests of one kind
still run together and share what they set up once.

Once collected, a worker holds everything it imported (hypothesis, the stages, the test modules)
for the rest of the run, and each full collection of the cyclic collector walked all of it again:
about a tenth of a second each, several times a run. Frozen after collection, those objects are
left out of every later collection; what the tests make is collected as before, and the product's
own switching of the collector (off while a piece is read) is untouched."""

from __future__ import annotations

import gc

import pytest


def handed_out_late(item: pytest.Item) -> int:
    """0 for what goes first (a test of a shared xdist_group, a property test), 2 for what goes
    last (a case of a parametrized test), 1 for the rest."""
    if item.get_closest_marker("xdist_group") is not None:
        return 0
    if getattr(getattr(item, "obj", None), "is_hypothesis_test", False):
        return 0
    return 2 if hasattr(item, "callspec") else 1


@pytest.hookimpl(trylast=True)  # after any other plugin's filtering or ordering
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=handed_out_late)  # stable: each kind keeps its collected order


@pytest.hookimpl(trylast=True)
def pytest_collection_finish() -> None:
    gc.freeze()  # what collection made is kept to the end of the run: no collection need walk it
