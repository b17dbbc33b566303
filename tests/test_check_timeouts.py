"""When a URL that never answers is asked again: the retry of a timeout, on trio's MockClock.

A URL that never answers is the run's floor (two attempts of a timeout each). Its timeout was
already its pause: the second attempt starts the moment the first is given up, on another slot of
its host, so the floor is two timeouts and nothing more.
"""

from __future__ import annotations

from test_check_mock import never_answers, run_checks

from linkaudit.check.retries import never_answering_floor
from linkaudit.models import LinkStatus
from linkaudit.options import CheckOptions


def test_a_timed_out_url_is_asked_again_the_moment_its_first_attempt_is_given_up() -> None:
    log: list[tuple[str, float, float]] = []
    results, simulated = run_checks(["https://slow.example/hang/1"], never_answers(log, 15.0),  # type: ignore[arg-type]
                                    timeout=15.0, backoff_base=0.5)

    (_, _, first_end), (_, second_start, _) = log
    assert second_start == first_end  # no back-off after a timeout: the 15 s were its pause
    assert simulated == 2 * 15.0
    assert results["https://slow.example/hang/1"].status is LinkStatus.FAILING
    assert results["https://slow.example/hang/1"].attempts == 2


def test_the_floor_of_a_url_that_never_answers_is_two_timeouts() -> None:
    assert never_answering_floor(CheckOptions(timeout=15.0, backoff_base=0.5)) == 30.0
    assert never_answering_floor(CheckOptions(timeout=2.0, backoff_base=5.0)) == 4.0
