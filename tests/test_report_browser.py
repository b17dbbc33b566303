"""The HTML report in a real browser: Chromium from the distribution's packages, driven by Selenium
through the system chromedriver (nothing is downloaded).

Loads the report in light and dark colour schemes at a phone's width (390 px) and a desktop's
(1440 px); checks the contrast of every link and verdict or status colour against what is behind
it (WCAG AA, 4.5:1), that every problem source's URL is visible text, and that the filter and
the search work, say how many claims they show, and survive a reload.

Skipped, with the reason, where no Chromium, chromedriver or Selenium is installed
(`apt-get install chromium chromium-driver`, `pip install selenium`; CI installs them in .ci/run).
Set LINKAUDIT_SCREENSHOTS=DIR to keep a screenshot of each scheme and width.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from report_fixture import fixed_report

from linkaudit.report import render
from linkaudit.report.looks import contrast_ratio

CHROMIUM = os.environ.get("LINKAUDIT_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("LINKAUDIT_CHROMEDRIVER", "/usr/bin/chromedriver")
PHONE, DESKTOP = 390, 1440
AA = 4.5


def _missing() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if not (Path(CHROMEDRIVER).exists() or shutil.which("chromedriver")):
        return f"no chromedriver at {CHROMEDRIVER} (apt-get install chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "Selenium is not installed (pip install selenium)"
    return None


pytestmark = [
    pytest.mark.skipif(_missing() is not None, reason=str(_missing())),
    pytest.mark.xdist_group("browser"),  # one worker starts the one Chromium these tests share
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="linkaudit-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)

    def close() -> None:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)

    try:
        yield driver
    finally:
        # Chromium takes most of a second to close, mostly waiting for its processes to end: it
        # closes beside the tests that follow, and the interpreter waits for it (no daemon) at exit.
        threading.Thread(target=close, name="close-chromium").start()


@pytest.fixture(scope="module")
def page_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render(fixed_report(), "html"), encoding="utf-8")
    return path.as_uri()


def _open(browser: Any, url: str, *, scheme: str, width: int) -> None:
    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]}
    )
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    # A full load either way: the page starts with no filter (the one state it keeps is in the
    # address's fragment, which ``url`` has none of) and in the scheme and width just set.
    browser.get(url)


# Colour of each element and of the nearest opaque background behind it, as [r, g, b].
_COLOURS = """
function rgb(text){var m=text.match(/[\\d.]+/g);return m?m.slice(0,4).map(Number):[0,0,0,0];}
function behind(el){for(;el;el=el.parentElement){var c=rgb(getComputedStyle(el).backgroundColor);
 if(c.length<4||c[3]>0.99){return c.slice(0,3);}}return rgb(getComputedStyle(document.documentElement).backgroundColor).slice(0,3);}
return Array.prototype.map.call(document.querySelectorAll(arguments[0]),function(el){
 var box=el.getBoundingClientRect();
 return {text:el.textContent.trim().slice(0,60),fg:rgb(getComputedStyle(el).color).slice(0,3),bg:behind(el),
  visible:box.width>0&&box.height>0};});
"""


def _contrast_failures(browser: Any, selector: str) -> list[str]:
    failures = []
    for item in browser.execute_script(_COLOURS, selector):
        if not item["visible"]:
            continue
        ratio = contrast_ratio(tuple(item["fg"]), tuple(item["bg"]))  # type: ignore[arg-type]
        if ratio < AA:
            failures.append(f"{item['text']!r}: {ratio:.2f}:1 ({item['fg']} on {item['bg']})")
    return failures


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_links_and_verdict_colours_meet_wcag_aa(browser: Any, page_url: str, scheme: str, width: int) -> None:
    _open(browser, page_url, scheme=scheme, width=width)
    background = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
    dark_background = sum(int(v) for v in re.findall(r"\d+", background)[:3]) < 3 * 128
    assert dark_background is (scheme == "dark"), background
    assert browser.execute_script("return getComputedStyle(document.documentElement).colorScheme") == "light dark"
    failures = _contrast_failures(browser, "a, .tag, .fails, .reason, .small, code.url, select, input, h1, body")
    assert not failures, "\n".join(failures)
    if shots := os.environ.get("LINKAUDIT_SCREENSHOTS"):
        Path(shots).mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(Path(shots) / f"report-{scheme}-{width}.png"))


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_every_problem_source_url_is_visible_text(browser: Any, page_url: str, width: int) -> None:
    _open(browser, page_url, scheme="light", width=width)
    shown = browser.execute_script(
        "return Array.prototype.filter.call(document.querySelectorAll('code.url'),"
        "function(el){var b=el.getBoundingClientRect();return b.width>0&&b.height>0&&b.right<=innerWidth+1;})"
        ".map(function(el){return el.textContent;})"
    )
    report = fixed_report()
    problems = [
        link.citation.url
        for document in report.documents
        for link in document.links
        if link.check is not None and link.check.status.value in ("dead", "soft-404", "failing", "blocked")
    ]
    assert problems and all(url in shown for url in problems)
    overflow = browser.execute_script("return document.documentElement.scrollWidth - innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px"


def _wait_until(browser: Any, condition: Any) -> None:
    """Wait for what the page does after an event it handles later (a slow machine's margin)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 20, poll_frequency=0.05).until(lambda _driver: condition())


def _visible_claims(browser: Any) -> int:
    return int(browser.execute_script("return document.querySelectorAll('article.claim:not([hidden])').length"))


def test_filter_and_search_work_say_how_many_and_survive_a_reload(browser: Any, page_url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    _open(browser, page_url, scheme="light", width=DESKTOP)
    assert browser.find_element(By.ID, "filter").is_displayed()
    assert _visible_claims(browser) == 9
    assert browser.find_element(By.ID, "showing").text == "showing 9 of 9 claims"

    Select(browser.find_element(By.ID, "show")).select_by_value("problems")
    assert _visible_claims(browser) == 7
    assert browser.find_element(By.ID, "showing").text == "showing 7 of 9 claims"

    search = browser.find_element(By.ID, "q")
    search.send_keys("paper.example.com")  # a host
    assert _visible_claims(browser) == 1
    assert browser.find_element(By.ID, "showing").text == "showing 1 of 9 claims"
    assert "#show=problems&q=paper.example.com" in browser.current_url

    browser.refresh()
    assert _visible_claims(browser) == 1
    assert browser.find_element(By.ID, "q").get_attribute("value") == "paper.example.com"
    assert Select(browser.find_element(By.ID, "show")).first_selected_option.get_attribute("value") == "problems"

    browser.find_element(By.ID, "q").clear()
    browser.find_element(By.ID, "q").send_keys("moratorium")  # words of a claim
    assert _visible_claims(browser) == 1

    # A count in the header is a link that sets the filter.
    browser.get(page_url)
    browser.find_element(By.CSS_SELECTOR, 'a[href="#show=unverified"]').click()
    # The page applies a new address on its hashchange event, which comes after the click returns.
    _wait_until(browser, lambda: _visible_claims(browser) == 3)
    assert browser.find_element(By.ID, "showing").text == "showing 3 of 9 claims"
