"""An answer's verdict: alive, blocked, dead or failing by its status, or a soft-404 by its page.

A final answer (no redirect left to follow, no retry due) is judged here: its status against the
accepted codes, a bot challenge, an error page served with 200, a redirect to a site's home page,
and, for a deep link, likeness to what its host serves for a path that cannot exist (the probe,
asked once per origin through ``ProbeCache``). The engine decides when an answer is judged.
"""

from __future__ import annotations

from linkaudit.check.classify import (
    DEAD_STATUSES,
    challenge_reason,
    classify_status,
    decode_body,
    extract_title,
    visible_text,
)
from linkaudit.check.client import Answer
from linkaudit.check.runs import UrlRun, live_result, result
from linkaudit.check.softfour import (
    ProbeCache,
    could_be_probe,
    error_page_reason,
    is_script_shell,
    page_looks_like_probe,
    redirect_target_reason,
)
from linkaudit.check.urls import is_deep_link
from linkaudit.drift.compare import is_html, page_print
from linkaudit.models import CheckResult, LinkStatus, PagePrint
from linkaudit.options import CheckOptions

__all__ = ["AnswerJudge"]


class AnswerJudge:
    """Judges final answers under one run's options, asking ``probes`` for soft-404 likeness."""

    def __init__(self, settings: CheckOptions, probes: ProbeCache) -> None:
        self.settings = settings
        self.probes = probes

    async def verdict(self, run: UrlRun, answer: Answer) -> CheckResult:
        page = decode_body(answer.body, answer.content_type) if answer.body else ""
        title = extract_title(page) if page else None
        status, reason = classify_status(answer.status, self.settings.accept)
        if answer.status in self.settings.accept:
            return live_result(run, answer, title, self._page_print(answer, title))
        # A 404 or 410 is an answer about the page, whatever widgets its error page carries.
        text = visible_text(page) if page and answer.status not in DEAD_STATUSES else ""  # read once for every test
        if answer.status not in DEAD_STATUSES and (challenge := challenge_reason(answer.headers, title, page, text=text)):
            return result(run, LinkStatus.BLOCKED, challenge, answer=answer, title=title)
        if status is not LinkStatus.ALIVE:
            if answer.status == 429 and run.attempts > 1:
                reason = f"HTTP 429 after {run.attempts} attempts: the server rate-limits automated checks"
            elif answer.status >= 500 and run.attempts > 1:
                reason = f"HTTP {answer.status} after {run.attempts} attempts"
            return result(run, status, reason, answer=answer, title=title)
        soft = self._soft_404_without_probe(run, answer, title, page, text)
        if soft is None and answer.is_text and page and is_deep_link(run.target):
            soft = await self._soft_404_by_probe(answer, title, page, text)
        if soft is not None:
            return result(run, LinkStatus.SOFT_404, soft, answer=answer, title=title)
        return live_result(run, answer, title, self._page_print(answer, title))

    def _soft_404_without_probe(self, run: UrlRun, answer: Answer, title: str | None, page: str, text: str) -> str | None:
        if run.hops and (reason := redirect_target_reason(run.target, answer.url)):
            return reason
        if page and answer.is_text:
            return error_page_reason(title, page, run.url, text=text)
        return None

    async def _soft_404_by_probe(self, answer: Answer, title: str | None, page: str, text: str) -> str | None:
        known, probe = self.probes.known(answer.url)
        if known and not could_be_probe(answer.status, probe):
            return None  # the host's answer to a nonexistent path is already known, and unlike this one
        if is_script_shell(page):
            return None  # a single-page app serves one shell for every path: likeness proves nothing
        probe = await self.probes.probe(answer.url)
        if probe is not None and page_looks_like_probe(answer.status, title, text, answer.url, probe):
            return "the page is what the host serves for a nonexistent path"
        return None

    def _page_print(self, answer: Answer, title: str | None) -> PagePrint | None:
        """The live page's print for drift comparison, when drift is on (the pipeline decides "auto"
        before the check) and the page is HTML."""
        if not self.settings.keep_page_text or not answer.body or not is_html(answer.content_type):
            return None
        return page_print(decode_body(answer.body, answer.content_type), title)
