"""End-to-end: the command line on real files, against a simulated web on loopback."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import EXAMPLE_PIECE, pace_the_archive_fast

from linkaudit.cli import main
from linkaudit.testing.archive import ArchiveStandIn
from linkaudit.testing.simweb import HostSpec, SimulatedWeb

NYT_MISSILES = "https://www.nytimes.com/2019/08/11/world/asia/north-korea-missile-test.html"
NYT_DMZ = "https://www.nytimes.com/2019/06/30/world/asia/trump-north-korea-dmz.html"
NATIONAL_INTEREST = (
    "https://nationalinterest.org/blog/korea-watch/"
    "why-security-guarantees-are-key-solving-north-korean-nuclear-crisis-64766"
)
REUTERS = (
    "https://www.reuters.com/article/us-northkorea-southkorea-aircraft/"
    "north-korea-calls-south-koreas-f-35-jet-purchases-extremely-dangerous-action-idUSKCN1U60BJ"
)
IISS = "https://www.iiss.org/blogs/survival-blog/2018/08/call-end-korean-war"
PBS = "https://www.pbs.org/newshour/world/trump-said-he-got-a-beautiful-letter-from-north-koreas-kim-jong-un"
MOFA = "https://www.mofa.go.jp/region/asia-paci/n_korea/6party/joint0509.html"
FOX = "https://www.foxnews.com/world/what-us-liaison-office-in-north-korea-could-mean"

# Each of the example's 8 sites played by its own simulated host, with the behaviour it shows.
EXAMPLE_WEB = {
    NYT_MISSILES: ("127.0.0.2", "/status/404/missiles"),  # dead, captured before publication
    NYT_DMZ: ("127.0.0.2", "/ok/dmz"),  # alive
    NATIONAL_INTEREST: ("127.0.0.3", "/status/410/speech"),  # dead, never captured
    REUTERS: ("127.0.0.4", "/challenge/f35"),  # blocked by a bot challenge
    IISS: ("127.0.0.5", "/to-home/end-war"),  # soft-404, captured only after publication
    PBS: ("127.0.0.6", "/redirect/301/letter?to=/ok/letter"),  # moved for good
    MOFA: ("127.0.0.7", "/status/404/joint"),  # dead; its only capture is of a 404 page
    FOX: ("127.0.0.8", "/ok/liaison"),  # alive
}
EXAMPLE_CAPTURES = {
    NYT_MISSILES: [("20190811093000", 200), ("20190901000000", 200)],
    IISS: [("20200105120000", 200), ("20180801000000", 302)],
    MOFA: [("20190101000000", 404)],
}


@pytest.fixture(scope="module")
def example_world() -> Iterator[tuple[SimulatedWeb, ArchiveStandIn]]:
    """Shared by the tests of this file: they only read from it, none counts its requests."""
    hosts = {host: HostSpec() for host, _ in EXAMPLE_WEB.values()}
    with SimulatedWeb(hosts) as web, ArchiveStandIn(EXAMPLE_CAPTURES, host="127.0.0.30") as archive:
        yield web, archive


def _remaps(web: SimulatedWeb) -> list[str]:
    options = []
    for url, (host, path) in EXAMPLE_WEB.items():
        options += ["--remap", f"^{re.escape(url)}$ {web.url(host, path)}"]
    return options


def _audit_args(web: SimulatedWeb, archive: ArchiveStandIn, tmp_path: Path) -> list[str]:
    return [
        "audit",
        "--allow-private",
        "--no-cache",
        "--timeout",
        "3",
        "--retries",
        "0",
        "--wayback-url",
        archive.base_url,
        *_remaps(web),
    ]


@dataclass(frozen=True)
class ExampleAudit:
    code: int
    out: str  # standard output, in the plain format
    saved: Path  # the JSON report


@pytest.fixture(scope="module")
def example_audited(
    example_world: tuple[SimulatedWeb, ArchiveStandIn], tmp_path_factory: pytest.TempPathFactory
) -> ExampleAudit:
    """The example piece audited once against the simulated web, for the tests that read what that
    audit printed or saved."""
    web, archive = example_world
    folder = tmp_path_factory.mktemp("example")
    saved, out = folder / "audit.json", io.StringIO()
    with pytest.MonkeyPatch.context() as patch, contextlib.redirect_stdout(out):
        pace_the_archive_fast(patch)  # what is printed, not the archive's pace
        code = main([*_audit_args(web, archive, folder), str(EXAMPLE_PIECE), "--format", "plain", "-o", str(saved)])
    return ExampleAudit(code, out.getvalue(), saved)


def test_extract_prints_the_example_citations_as_json(example_piece: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(example_piece), "--format", "json"]) == 0
    [document] = json.loads(capsys.readouterr().out)
    anchors = [c["anchor"] for c in document["citations"]]
    assert anchors == [
        "three new systems",
        "agreed to at Panmunjom",
        "speech",
        "transfer F-35 stealth fighter jets",
        "political declaration of an end to the war",
        "beautiful letters",
        "Joint Statement of the Six Party Talks",
        "discussed",
    ]
    assert {c["line"] for c in document["citations"]} == {1}
    assert document["published"] is None
    assert document["not_before"] == "2019-08-11"


def test_a_warning_names_the_file_once_and_extraction_goes_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    piece = tmp_path / "legacy.txt"
    piece.write_bytes("caf\xe9 https://a.example/x\n".encode("latin-1"))
    assert main(["extract", str(piece), "--format", "json"]) == 0
    captured = capsys.readouterr()
    [warning] = [line for line in captured.err.splitlines() if "warning" in line]
    assert warning.count(str(piece)) == 1 and "cp1252" in warning
    [document] = json.loads(captured.out)
    assert [c["url"] for c in document["citations"]] == ["https://a.example/x"]


@pytest.mark.xdist_group("example-audit")  # one worker runs the audit they share
def test_the_example_audited_against_a_simulated_web_gives_exact_claim_verdicts(example_audited: ExampleAudit) -> None:
    assert example_audited.code == 1  # unbacked claims fail the build by default
    report = json.loads(example_audited.saved.read_text(encoding="utf-8"))
    [document] = report["documents"]
    status_of = {link["url"]: link["status"] for link in document["links"]}
    assert status_of == {
        NYT_MISSILES: "dead",
        NYT_DMZ: "alive",
        NATIONAL_INTEREST: "dead",
        REUTERS: "blocked",
        IISS: "soft-404",
        PBS: "redirected",
        MOFA: "dead",
        FOX: "alive",
    }
    archive_of = {link["url"]: link["archive"] for link in document["links"]}
    assert archive_of[NYT_MISSILES]["timestamp"] == "20190811093000"  # at or before 2019-08-11
    assert archive_of[IISS]["timestamp"] == "20200105120000"  # only a capture after: said so
    assert archive_of[IISS]["relation"] == "after"
    assert archive_of[MOFA] is None or archive_of[MOFA]["url"] is None

    verdict_by_anchor = {}
    for claim in document["claims"]:
        for index in claim["links"]:
            verdict_by_anchor[document["links"][index]["anchor"]] = claim["verdict"]
    assert verdict_by_anchor == {
        "three new systems": "archived",
        "agreed to at Panmunjom": "backed",
        "speech": "unbacked",
        "transfer F-35 stealth fighter jets": "unverified",
        "political declaration of an end to the war": "archived",
        "beautiful letters": "backed",
        "Joint Statement of the Six Party Talks": "unbacked",
        "discussed": "backed",
    }


def test_blocked_and_archived_sources_pass_the_default_policy(
    example_world: tuple[SimulatedWeb, ArchiveStandIn], tmp_path: Path
) -> None:
    web, archive = example_world
    piece = tmp_path / "piece.md"
    piece.write_text(
        f"Sanctions are trivial, Kim [said]({REUTERS}). The tests were [new]({NYT_MISSILES}).\n",
        encoding="utf-8",
    )
    assert main([*_audit_args(web, archive, tmp_path), str(piece), "--format", "plain"]) == 0
    assert main([*_audit_args(web, archive, tmp_path), str(piece), "--format", "plain", "--fail-on", "blocked"]) == 1


def test_github_format_annotates_the_exact_line_and_column(
    example_world: tuple[SimulatedWeb, ArchiveStandIn],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    web, archive = example_world
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    piece = tmp_path / "piece.md"
    piece.write_text(f"# Notes\n\nThe speech was [given]({NATIONAL_INTEREST}) in April.\n", encoding="utf-8")
    assert main([*_audit_args(web, archive, tmp_path), str(piece), "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert re.search(r"^::error file=[^,]*piece\.md,line=3,col=24", out, re.MULTILINE), out
    assert "unbacked" in summary.read_text(encoding="utf-8")


def test_a_missing_file_is_one_line_naming_it_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.md"
    assert main(["audit", str(missing)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nowhere.md" in err[0]
    assert "Traceback" not in err[0]


def test_a_bad_piece_does_not_stop_the_good_ones(
    example_piece: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "image.md"
    binary.write_bytes(b"\x89PNG\x00\x00\x00")
    assert main(["extract", str(binary), str(example_piece), "--format", "json"]) == 2  # one asked for was not read
    captured = capsys.readouterr()
    assert "error: " in captured.err and "image.md" in captured.err
    assert len(json.loads(captured.out)) == 1


def test_a_piece_that_cannot_be_read_fails_the_audit_after_the_others_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.md"
    good.write_text("A claim with no source at all.\n", encoding="utf-8")
    saved = tmp_path / "audit.json"
    options = ["--no-cache", "-o", str(saved)]
    assert main(["audit", str(good), *options]) == 0
    assert main(["audit", str(good), str(tmp_path / "mistyped.md"), *options]) == 2
    err = capsys.readouterr().err
    assert "linkaudit: error: " in err and "mistyped.md: no such file or directory" in err
    assert [d["source"] for d in json.loads(saved.read_text(encoding="utf-8"))["documents"]] == [str(good)]


def test_a_piece_skipped_on_purpose_is_a_warning_and_does_not_fail_the_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.md"
    good.write_text("A claim with no source at all.\n", encoding="utf-8")
    (tmp_path / "draft.md").write_text("", encoding="utf-8")
    assert main(["audit", str(good), str(tmp_path / "draft.md"), "--no-cache", "--format", "plain"]) == 0
    assert "linkaudit: warning: " in capsys.readouterr().err
    assert main(["audit", str(tmp_path / "draft.md"), "--no-cache"]) == 2  # nothing left to audit
    assert "linkaudit: error: no piece to read" in capsys.readouterr().err


def test_a_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "x.md", "--timeout", "soon"]) == 2
    assert "--timeout" in capsys.readouterr().err


def test_a_bad_config_key_names_the_key_and_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "linkaudit.toml"
    config.write_text("max_concurency = 3\n", encoding="utf-8")
    piece = tmp_path / "p.md"
    piece.write_text("Nothing cited.\n", encoding="utf-8")
    assert main(["audit", str(piece), "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "max_concurency" in err and "linkaudit.toml" in err


def test_no_network_means_exit_3_and_nothing_judged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # RFC 6761: names under .invalid never resolve, and are answered without asking any server.
    piece = tmp_path / "p.md"
    piece.write_text(
        "One [a](https://a.example.invalid/x). Two [b](https://b.example.invalid/y). "
        "Three [c](https://c.example.invalid/z).\n",
        encoding="utf-8",
    )
    saved = tmp_path / "out.json"
    assert main(["audit", str(piece), "--no-cache", "-o", str(saved)]) == 3
    err = capsys.readouterr().err
    assert "network unavailable" in err
    assert "Traceback" not in err
    assert not saved.exists()


def test_one_unreachable_source_offline_is_exit_3_not_a_dead_source(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    piece = tmp_path / "p.md"
    piece.write_text("Only [one](https://gone.example.invalid/x) source.\n", encoding="utf-8")
    config = tmp_path / "linkaudit.toml"
    # Reference hosts that cannot answer: this machine, as far as the audit can tell, is offline.
    config.write_text('reference-urls = ["https://reference.example.invalid/"]\n', encoding="utf-8")
    assert main(["audit", str(piece), "--no-cache", "--config", str(config)]) == 3
    err = capsys.readouterr().err
    assert "network unavailable" in err and "reference.example.invalid" in err
    assert "stopped after 0 of 1 sources" in err  # no verdict was given, not even a provisional one


def test_an_article_url_that_cannot_be_reached_is_exit_3_not_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "http://127.0.0.29:9/article", "--allow-private"]) == 3
    assert "network unavailable" in capsys.readouterr().err


@pytest.mark.xdist_group("example-audit")  # one worker runs the audit they share
def test_report_rerenders_a_saved_json_without_network(example_audited: ExampleAudit, tmp_path: Path) -> None:
    page = tmp_path / "again.html"
    assert main(["report", str(example_audited.saved), "-o", str(page), "--format", "plain"]) == 1
    assert "Joint Statement of the Six Party Talks" in page.read_text(encoding="utf-8")


@pytest.mark.xdist_group("example-audit")  # one worker runs the audit they share
def test_plain_format_is_one_block_per_claim_without_control_codes(example_audited: ExampleAudit) -> None:
    out = example_audited.out
    assert "\x1b" not in out
    assert "✗ unbacked  line 1" in out and "archived copy of 2019-08-11, 0 days before publication:" in out


def test_changed_since_audits_only_changed_pieces(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@t", "GIT_CONFIG_GLOBAL": os.devnull}

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)

    git("init", "-q")
    (tmp_path / "old.md").write_text("Old [x](https://old.example.invalid/).\n", encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "first")
    git("tag", "base")
    (tmp_path / "new.md").write_text("Nothing cited here.\n", encoding="utf-8")
    git("add", ".")
    git("commit", "-qm", "second")
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        code = main(["extract", "old.md", "new.md", "--format", "json"])
        assert code == 0
        capsys.readouterr()
        code = main(["audit", ".", "--changed-since", "base", "--no-cache", "--format", "json"])
    finally:
        os.chdir(cwd)
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert [Path(d["source"]).name for d in report["documents"]] == ["new.md"]


@pytest.mark.xdist_group("first-answers")  # the two tests of one process share a worker
def test_python_dash_m_runs_the_cli(first_answers: subprocess.CompletedProcess[str]) -> None:
    assert first_answers.returncode == 0, first_answers.stderr
    assert first_answers.stdout.splitlines()[-1].startswith("linkaudit ")


@pytest.mark.xdist_group("demo")
def test_demo_shows_every_verdict_and_says_it_is_simulated(demo_audited_once: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "SIMULATION" in out
    for verdict in ("backed", "archived", "unbacked", "unverified"):
        assert verdict in out


def _audit_stuck_on_one_source(web: SimulatedWeb, tmp_path: Path, *options: str) -> subprocess.Popen[str]:
    """An audit subprocess whose first source (cited by its loopback URL) answers and whose
    second hangs, once it hangs."""
    import time

    piece = tmp_path / "piece.md"
    piece.write_text(f"Fine [here]({web.url('127.0.0.2', '/ok/a')}). Stuck [there](https://stuck.example.org/b).\n")
    command = [
        sys.executable, "-m", "linkaudit", "audit", str(piece), "--allow-private", "--timeout", "60",
        "--archive", "none", *options,
        "--remap", f"^https://stuck\\.example\\.org/b$ {web.url('127.0.0.3', '/hang/b')}",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while web.stats.host("127.0.0.3").requests == 0 and time.monotonic() < deadline:
        time.sleep(0.01)  # polls for the stuck request to reach the server
    return process


def _wait_for_a_cached_check(cache: Path) -> None:
    """Until the cache holds a check: the result is in the report too, as it is cached just before
    it is handed on, with no point between where an interrupt could take effect."""
    import contextlib
    import sqlite3
    import time

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if cache.exists():
            with contextlib.closing(sqlite3.connect(f"file:{cache}?mode=ro", uri=True, timeout=5)) as db:
                with contextlib.suppress(sqlite3.OperationalError):  # not created yet
                    if db.execute("SELECT count(*) FROM checks").fetchone()[0]:
                        return
        time.sleep(0.01)


def test_an_interrupted_audit_leaves_a_valid_partial_report_and_cache(tmp_path: Path) -> None:
    import signal
    import sqlite3

    with SimulatedWeb(["127.0.0.2", "127.0.0.3"], hang_limit=30) as web:
        saved, cache = tmp_path / "partial.json", tmp_path / "cache.sqlite"
        process = _audit_stuck_on_one_source(web, tmp_path, "--cache", str(cache), "-o", str(saved), "--format", "plain")
        _wait_for_a_cached_check(cache)  # the fine source's result is in: no pause
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    report = json.loads(saved.read_text(encoding="utf-8"))
    assert report["summary"]["complete"] is False
    statuses = {link["url"]: link["status"] for link in report["documents"][0]["links"]}
    assert statuses == {web.url("127.0.0.2", "/ok/a"): "alive", "https://stuck.example.org/b": None}
    with sqlite3.connect(cache) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_an_unknown_output_format_fails_before_any_request(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    piece = tmp_path / "p.md"
    piece.write_text("See [it](https://never.example.invalid/).\n", encoding="utf-8")
    with SimulatedWeb(["127.0.0.2"]) as web:
        remap = f"^https://never\\.example\\.invalid/$ {web.url('127.0.0.2', '/ok/x')}"
        assert main(["audit", str(piece), "--allow-private", "--remap", remap, "-o", str(tmp_path / "r.docx")]) == 2
        assert web.stats.total_requests == 0
    assert "r.docx" in capsys.readouterr().err


def test_a_bad_header_is_a_usage_error_that_never_shows_the_secret(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    piece = tmp_path / "p.md"
    piece.write_text("See [it](https://never.example.invalid/).\n", encoding="utf-8")
    monkeypatch.setenv("TOKEN", "s3cr3t\r")  # a token file saved with a Windows line ending
    assert main(["audit", str(piece), "--header", "Authorization: $TOKEN"]) == 2
    err = capsys.readouterr().err
    assert "Authorization" in err and "s3cr3t" not in err and "Traceback" not in err


def test_an_output_that_is_one_of_the_pieces_is_refused_before_any_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    piece = tmp_path / "p.md"
    piece.write_text("See [it](https://never.example.invalid/).\n", encoding="utf-8")
    with SimulatedWeb(["127.0.0.2"]) as web:
        remap = f"^https://never\\.example\\.invalid/$ {web.url('127.0.0.2', '/ok/x')}"
        assert main(["audit", str(piece), "--allow-private", "--remap", remap, "-o", str(piece)]) == 2
        assert web.stats.total_requests == 0
    assert piece.read_text(encoding="utf-8").startswith("See [it]")
    assert "would be overwritten" in capsys.readouterr().err


@pytest.mark.parametrize(
    "options",
    [["--user-agent", "é"], ["--timeout", "nan"], ["--remap", "^https://never http://[bad"]],
)
def test_more_settings_that_cannot_work_are_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str]
) -> None:
    piece = tmp_path / "p.md"
    piece.write_text("See [it](https://never.example.invalid/).\n", encoding="utf-8")
    assert main(["audit", str(piece), *options]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_the_cache_may_not_be_one_of_the_pieces(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    piece = tmp_path / "p.md"
    piece.write_text("See [it](https://never.example.invalid/).\n", encoding="utf-8")
    assert main(["audit", str(piece), "--cache", str(piece)]) == 2
    assert piece.read_text(encoding="utf-8").startswith("See [it]")
    assert "would be overwritten" in capsys.readouterr().err


def test_one_report_that_cannot_be_written_costs_neither_the_others_nor_the_console(
    example_world: tuple[SimulatedWeb, ArchiveStandIn],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    web, archive = example_world
    piece = tmp_path / "piece.md"
    piece.write_text(f"The speech was [given]({NATIONAL_INTEREST}) in April.\n", encoding="utf-8")
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a directory should be\n", encoding="utf-8")
    good = tmp_path / "good.md"
    args = [*_audit_args(web, archive, tmp_path), str(piece), "--format", "plain", "-o", str(blocker / "x.json"), "-o", str(good)]
    assert main(args) == 2
    captured = capsys.readouterr()
    assert good.exists() and "unbacked" in captured.out
    assert "cannot write the report" in captured.err


@pytest.mark.xdist_group("demo")  # the run whose report the demo tests render
def test_the_demo_needs_nothing_from_the_test_extras() -> None:
    from conftest import demo_run_without_test_extras

    done = demo_run_without_test_extras()
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["documents"][0]["claims"]


@pytest.mark.xdist_group("demo")
def test_demo_as_json_keeps_standard_output_valid_json(demo_audited_once: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["documents"][0]["warnings"][-1].startswith("simulation:")
    assert "SIMULATION" in captured.err


def test_reports_land_in_new_directories_and_a_broken_job_summary_only_warns(
    example_world: tuple[SimulatedWeb, ArchiveStandIn],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    web, archive = example_world
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "no-such-dir" / "summary.md"))
    piece = tmp_path / "piece.md"
    piece.write_text(f"The speech was [given]({NATIONAL_INTEREST}) in April.\n", encoding="utf-8")
    saved = tmp_path / "new" / "deeper" / "audit.json"
    assert main([*_audit_args(web, archive, tmp_path), str(piece), "--format", "github", "-o", str(saved)]) == 1
    assert json.loads(saved.read_text(encoding="utf-8"))["documents"][0]["claims"][0]["verdict"] == "unbacked"
    err = capsys.readouterr().err
    assert "cannot append the job summary" in err and "Traceback" not in err


@pytest.mark.usefixtures("archive_paced_fast")
def test_archive_submits_only_live_sources_without_a_recent_capture(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import datetime as dt

    fresh = dt.datetime.now(dt.UTC).strftime("%Y%m%d%H%M%S")
    captures = {"https://kept.example.org/a": [(fresh, 200)]}
    piece = tmp_path / "p.md"
    piece.write_text(
        "Kept [a](https://kept.example.org/a). New [b](https://new.example.org/b). "
        "Gone [c](https://gone.example.org/c).\n",
        encoding="utf-8",
    )
    with SimulatedWeb(["127.0.0.2"]) as web, ArchiveStandIn(captures, host="127.0.0.31") as archive:
        args = [
            "archive", str(piece), "--allow-private", "--no-cache", "--wayback-url", archive.base_url,
            "--remap", f"^https://kept\\.example\\.org/a$ {web.url('127.0.0.2', '/ok/a')}",
            "--remap", f"^https://new\\.example\\.org/b$ {web.url('127.0.0.2', '/ok/b')}",
            "--remap", f"^https://gone\\.example\\.org/c$ {web.url('127.0.0.2', '/status/404/c')}",
        ]
        assert main([*args, "--dry-run"]) == 0
        dry = capsys.readouterr().out
        assert archive.save_requests == []
        assert main(args) == 0
        real = capsys.readouterr().out
        saved = list(archive.save_requests)
    assert re.search(r"would-save\s+https://new\.example\.org/b", dry), dry
    assert re.search(r"recent-capture\s+https://kept\.example\.org/a", dry), dry
    assert "gone.example.org" not in dry
    assert re.search(r"saved\s+https://new\.example\.org/b", real), real
    assert len(saved) == 1 and "new.example.org/b" in saved[0]


# --- hardening: signals, output, hostile names, options ---------------------------------------


def test_two_interrupts_close_together_still_leave_a_complete_valid_report(tmp_path: Path) -> None:
    import signal
    import time

    import jsonschema

    with SimulatedWeb(["127.0.0.2", "127.0.0.3"], hang_limit=30) as web:
        saved = tmp_path / "partial.json"
        process = _audit_stuck_on_one_source(
            web, tmp_path, "--no-cache", "-o", str(saved), "-o", str(tmp_path / "partial.html"), "--format", "json"
        )
        process.send_signal(signal.SIGINT)
        time.sleep(0.02)  # the point: a second interrupt while the first is being handled
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 130, err
    assert "Traceback" not in err
    schema_file = Path(__file__).parent.parent / "linkaudit" / "schema" / "report.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    for report in (json.loads(saved.read_text(encoding="utf-8")), json.loads(out)):
        jsonschema.validate(report, schema)
        assert report["summary"]["complete"] is False
    assert (tmp_path / "partial.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_standard_output_is_a_one_line_error_and_exit_2(tmp_path: Path) -> None:
    # A whole process, so that what Python flushes at exit is seen too (the commands below share
    # this exit path and are run in this process).
    piece = tmp_path / "p.md"
    piece.write_text("Nothing cited here.\n", encoding="utf-8")
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "linkaudit", "extract", str(piece), "--format", "json"],
            stdout=full, stderr=subprocess.PIPE, text=True, timeout=60,
        )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines()[-1].startswith("linkaudit: error: cannot write")
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.xdist_group("demo")
@pytest.mark.parametrize("command", [["audit", "--no-cache", "--format", "json"], ["demo"]])
def test_a_full_standard_output_fails_every_command_in_one_line_leaving_nothing_to_flush(
    demo_audited_once: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
    command: list[str],
) -> None:
    piece = tmp_path / "p.md"
    piece.write_text("Nothing cited here.\n", encoding="utf-8")
    arguments = command if command == ["demo"] else [command[0], str(piece), *command[1:]]
    with open("/dev/full", "w") as full:
        monkeypatch.setattr(sys, "stdout", full)
        assert main(arguments) == 2
        full.flush()  # what Python does at exit: nothing is left in the buffer to fail again
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1].startswith("linkaudit: error: cannot write")
    assert "Traceback" not in err


def test_a_file_name_with_a_line_break_cannot_start_a_line_of_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a\n::error file=x::forged.md").write_text("Nothing cited, \udcff.\n", encoding="utf-8", errors="surrogateescape")
    (folder / "b\n::warning::forged.md").write_bytes(b"")  # empty: an error line naming it
    main(["audit", str(folder), "--no-cache", "--format", "plain"])
    main(["extract", str(folder)])
    captured = capsys.readouterr()
    for line in (captured.out + captured.err).splitlines():
        assert not line.lstrip().startswith("::"), line
    assert "a\\n::error file=x::forged.md" in captured.out
    assert "b\\n::warning::forged.md: empty" in captured.err


def test_ranges_of_accepted_codes_are_checked_as_ranges(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "x.md", "--accept", "0..2000000000"]) == 2
    err = capsys.readouterr().err
    assert "100..599" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        (["--retries", "9223372036854775807"], "--retries must be at most 100"),
        (["--max-concurrency", "1000000"], "--max-concurrency must be at most 10,000"),
        (["--timeout", "1e300"], "--timeout must be at most 86,400"),
    ],
)
def test_numeric_options_have_upper_bounds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], expected: str
) -> None:
    assert main(["audit", str(tmp_path / "p.md"), *options]) == 2
    assert expected in capsys.readouterr().err


def test_a_header_with_no_host_to_go_to_is_refused_before_any_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    piece = tmp_path / "p.md"
    piece.write_text("See [it](https://never.example.invalid/).\n", encoding="utf-8")
    assert main(["audit", str(piece), "--header", "X-Api-Key: s3cr3t"]) == 2
    err = capsys.readouterr().err
    assert "--header-host" in err and "s3cr3t" not in err


@pytest.mark.parametrize("option", ["--include", "--exclude", "--ignore"])
def test_a_catastrophic_user_pattern_runs_in_linear_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    # With a backtracking engine (a+)+$ over this URL would take longer than the universe's age.
    piece = tmp_path / "p.md"
    piece.write_text(f"See [it](https://a.example/{'a' * 5000}!).\n", encoding="utf-8")
    assert main(["audit", str(piece), option, "(a+)+$", "--no-cache", "--archive", "none", "--format", "json"]) in (0, 1, 3)


def test_a_catastrophic_remap_runs_in_linear_time(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    piece = tmp_path / "p.md"
    piece.write_text(f"See [it](https://a.example/{'a' * 5000}!).\n", encoding="utf-8")
    remap = "(a+)+$ https://b.example/"
    assert main(["extract", str(piece)]) == 0
    assert main(["audit", str(piece), "--remap", remap, "--exclude", ".", "--no-cache", "--format", "json"]) == 0


def test_a_pattern_the_linear_engine_cannot_run_is_a_clear_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "x.md", "--include", r"(a)\1"]) == 2
    err = capsys.readouterr().err
    assert "backreferences and lookaround are not supported" in err and len(err.strip().splitlines()) == 1


# --- help ---------------------------------------------------------------------------------------


def _subparsers() -> dict[str, object]:
    import argparse

    from linkaudit.cli import build_parser

    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))  # noqa: SLF001
    return dict(action.choices)


def test_every_option_of_every_command_is_described() -> None:
    for name, command in _subparsers().items():
        for action in command._actions:  # type: ignore[attr-defined]  # noqa: SLF001
            assert action.help and action.help.strip(), f"{name} {action.option_strings or action.dest}"


def test_options_with_a_default_show_it() -> None:
    audit = _subparsers()["audit"]
    shown = {a.option_strings[-1]: a.help for a in audit._actions if a.option_strings}  # type: ignore[attr-defined]  # noqa: SLF001
    for option, default in [("--timeout", "15"), ("--retries", "2"), ("--per-host", "8"), ("--max-concurrency", "256"),
                            ("--cache", ".linkaudit-cache.sqlite"), ("--format", "auto"), ("--archive", "problems"),
                            ("--wayback-url", "https://web.archive.org"), ("--max-age", "1d"), ("--scope", "article")]:
        assert f"default: {default}" in shown[option], option


def test_help_groups_verbosity_apart_from_reading_pieces_and_ends_with_examples(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--help"]) == 0
    out = capsys.readouterr().out
    reading = out.split("reading pieces:")[1].split("\n\n")[0]
    assert "--verbose" not in reading and "--verbose" in out
    assert main(["--help"]) == 0
    assert "examples:" in capsys.readouterr().out


def test_demo_help_describes_the_demo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--help"]) == 0
    out = capsys.readouterr().out
    assert "simulated web" in out and "--format" in out


@pytest.mark.parametrize(
    ("arguments", "suggestion"),
    [(["--verison"], "did you mean --version?"), (["audti", "x.md"], "did you mean 'audit'?"),
     (["audit", "x.md", "--timout", "3"], "did you mean --timeout?")],
)
def test_typos_get_a_did_you_mean(capsys: pytest.CaptureFixture[str], arguments: list[str], suggestion: str) -> None:
    assert main(arguments) == 2
    err = capsys.readouterr().err
    assert suggestion in err and len(err.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def first_answers() -> subprocess.CompletedProcess[str]:
    """One fresh process answers what a person types first, in the CLI's own functions, then runs the
    package as ``python -m linkaudit --version`` does; its first line is the exit codes of the
    former and the heavy modules they loaded."""
    code = (
        "import contextlib, io, runpy, sys\n"
        "from linkaudit.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):\n"
        "    codes = [int(main(a)) for a in (['--version'], ['--help'], ['audit', '--help'], ['fix', '--help'], ['audit', '--bogus'])]\n"
        "heavy = ('linkaudit.pipeline', 'linkaudit.extract', 'linkaudit.check', 'linkaudit.archive', 'linkaudit.fix',\n"
        "         'linkaudit.report', 'lxml', 'htmldate', 'trio', 'markdown_it', 'httpx')\n"
        "print(codes, sorted(m for m in sys.modules if m.startswith(heavy)), flush=True)\n"
        "sys.argv = ['linkaudit', '--version']\n"
        "runpy.run_module('linkaudit', run_name='__main__', alter_sys=True)  # what python -m does\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)


@pytest.mark.xdist_group("first-answers")
def test_help_version_and_usage_errors_answer_without_loading_the_stages(
    first_answers: subprocess.CompletedProcess[str],
) -> None:
    # What a person types first should answer at once: the stages (and lxml, htmldate, trio, httpx) load
    # only when a command runs.
    assert first_answers.stdout.splitlines()[0] == "[0, 0, 0, 0, 2] []", first_answers.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("arguments", [["--version"], ["--help"], ["audit", "--help"]])
@pytest.mark.parametrize("buffering", [-1, 0], ids=["buffered", "unbuffered"])
def test_help_or_version_that_cannot_be_written_is_a_one_line_error_and_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, arguments: list[str], buffering: int
) -> None:
    with open("/dev/full", "wb", buffering=buffering) as raw:
        full = io.TextIOWrapper(raw, encoding="utf-8", write_through=buffering == 0)
        monkeypatch.setattr(sys, "stdout", full)
        assert main(arguments) == 2
        full.flush()  # what Python does at exit: nothing is left in the buffer to fail again
    err = capsys.readouterr().err
    assert err.strip().splitlines() == ["linkaudit: error: cannot write the output (No space left on device)"]
