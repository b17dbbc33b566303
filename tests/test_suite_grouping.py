"""The suite's own scheduling: tests that share one costly thing (the browser, the demo's audit)
say so with xdist_group, and ``--dist loadgroup`` sends each group to one worker by adding the
group to the test's id. Where a pytest and pytest-xdist pair lose that suffix, every worker pays
for each shared thing again (a Chromium each, a demo audit each) and nothing else shows it."""

from __future__ import annotations

import pytest


@pytest.mark.xdist_group("demo")
def test_a_grouped_test_runs_in_its_group(request: pytest.FixtureRequest) -> None:
    if not getattr(request.config.option, "loadgroup", False):
        pytest.skip("not run by pytest-xdist workers with --dist loadgroup")
    assert request.node.nodeid.endswith("@demo"), (
        "--dist loadgroup did not group this test: this pytest-xdist does not support this pytest "
        "(see the test extra in pyproject.toml)"
    )


def test_groups_and_property_tests_are_handed_out_first_and_table_rows_last(request: pytest.FixtureRequest) -> None:
    # tests/scheduling.py: the workers are handed tests in the collected order, so a long test
    # collected last would leave one worker finishing it alone.
    from scheduling import handed_out_late

    kinds = [handed_out_late(item) for item in request.session.items]
    assert kinds == sorted(kinds)
    assert handed_out_late(request.node) == 1  # neither grouped, a property nor a table's row: among the rest


@pytest.mark.parametrize("row", [1])
def test_a_case_of_a_parametrized_test_is_handed_out_last(request: pytest.FixtureRequest, row: int) -> None:
    from scheduling import handed_out_late

    assert handed_out_late(request.node) == 2
