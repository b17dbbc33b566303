"""A run's options: one record per stage, one table for the command line and the file, one trio.run per command."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path

import pytest
import trio

from linkaudit import Settings
from linkaudit.cli import build_parser, main
from linkaudit.config import load_config
from linkaudit.errors import ConfigError
from linkaudit.option_table import OPTIONS, RECORDS
from linkaudit.options import ArchiveOptions, CheckOptions, DriftOptions, ExtractOptions


def test_each_stage_gets_its_own_record_built_from_options_by_name() -> None:
    settings = Settings(allow_private=True, timeout=4.0, archive="all", drift="on", reports_dir="out", max_file_bytes=10)

    assert isinstance(settings.extract, ExtractOptions) and settings.extract.max_file_bytes == 10
    assert isinstance(settings.check, CheckOptions) and settings.check.timeout == 4.0
    assert isinstance(settings.archive, ArchiveOptions) and settings.archive.mode == "all"
    assert isinstance(settings.drift, DriftOptions) and settings.drift.mode == "on"
    # One option, every record that needs it: the guard applies to checks and archives alike.
    assert settings.check.allow_private and settings.archive.allow_private
    # Pieces given as URLs are fetched with the checker's client options; the reports are not pieces.
    assert settings.extract.fetch == settings.check
    assert settings.extract.skipped_dirs == ("out",)
    assert settings.drift.archive == settings.archive


def test_no_stage_record_holds_another_stages_options() -> None:
    fields = {record: {f.name for f in dataclasses.fields(kind)} for record, kind in RECORDS.items()}
    assert "reports_dir" not in fields["extract"]  # extraction is told what to skip, not where reports go
    assert not fields["check"] & {"outputs", "cache_path", "use_cache", "format"}
    assert "extra" not in set().union(*fields.values())


def test_an_unknown_option_is_refused_with_the_nearest_name() -> None:
    with pytest.raises(TypeError, match="unknown option 'timout'.*'timeout'"):
        Settings(timout=3)
    with pytest.raises(TypeError, match="unknown option 'extra'"):
        Settings(extra={"backoff_base": 0.01})


def test_a_test_knob_is_a_field_of_the_record_that_uses_it() -> None:
    assert CheckOptions(backoff_base=0.01).backoff_base == 0.01
    assert CheckOptions().backoff_base > 0


def test_settings_are_frozen_compared_by_value_and_travel_to_worker_processes() -> None:
    settings = Settings(per_host=3, headers=(("example.org=X-Key", "v"),))
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.check = CheckOptions()  # type: ignore[misc]
    assert settings == Settings(per_host=3, headers=(("example.org=X-Key", "v"),)) != Settings()
    assert pickle.loads(pickle.dumps(settings)) == settings
    assert settings.replace(per_host=5).check.per_host == 5 and settings.check.per_host == 3
    assert Settings(**settings.values()) == settings


def test_an_options_default_is_its_record_fields_default() -> None:
    defaults = Settings()
    for option in OPTIONS:
        assert defaults.value(option.name) == option.default(), option.name


def _audit_flags() -> dict[str, str]:
    """Each option the audit command takes, by the name its value is stored under."""
    audit = build_parser()._subparsers._group_actions[0].choices["audit"]  # type: ignore[union-attr]  # noqa: SLF001
    return {action.dest: action.option_strings[-1] for action in audit._actions if action.option_strings}  # noqa: SLF001


def test_every_option_in_a_help_group_is_an_audit_flag_stored_under_its_name() -> None:
    flags = _audit_flags()
    for option in OPTIONS:
        if option.group is not None:
            assert flags.get(option.name) == option.shown_name, option.name


BOUNDED = [option for option in OPTIONS if option.at_most is not None and option.name in _audit_flags()]


@pytest.mark.parametrize("option", BOUNDED, ids=lambda option: option.name)
def test_a_bound_of_the_table_refuses_alike_on_the_command_line_and_in_the_file(option, tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    too_big = int(option.at_most) + 1
    assert main(["audit", "piece.md", option.shown_name, str(too_big)]) == 2
    assert f"{option.shown_name} must be at most" in capsys.readouterr().err
    config = tmp_path / "linkaudit.toml"
    config.write_text(f"{option.name.replace('_', '-')} = {too_big}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=f"'{option.name.replace('_', '-')}' must be at most"):
        load_config(config)


def _count_trio_runs(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    runs: list[object] = []
    real_run = trio.run

    def counted(*args: object, **kwargs: object) -> object:
        runs.append(args[0])
        return real_run(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(trio, "run", counted)
    return runs


def test_an_audit_is_one_trio_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "piece.md").write_text("A piece that cites nothing.\n", encoding="utf-8")
    runs = _count_trio_runs(monkeypatch)
    assert main(["audit", "piece.md", "--no-cache", "--format", "json"]) == 0
    assert len(runs) == 1


def test_a_piece_url_out_of_reach_and_the_reference_hosts_silent_is_exit_3_in_one_trio_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Port 9 on a loopback address nothing listens on: the connection is refused at once.
    config = tmp_path / "linkaudit.toml"
    config.write_text('allow-private = true\nreference-urls = ["http://127.0.0.29:9/"]\n', encoding="utf-8")
    runs = _count_trio_runs(monkeypatch)
    for command in ("extract", "audit"):
        runs.clear()
        assert main([command, "http://127.0.0.29:9/article", "--config", str(config)]) == 3, command
        assert "network unavailable" in capsys.readouterr().err
        assert len(runs) == 1, command


ENV_OPTIONS = [option for option in OPTIONS if option.env and option.pair is None]


@pytest.mark.parametrize("option", ENV_OPTIONS, ids=lambda option: option.name)
def test_an_option_the_table_reads_from_the_environment_is_read_so_in_both_places(option, tmp_path, monkeypatch) -> None:
    value = "https://mirror.example/" if option.name.endswith("_url") else "from-the-environment"
    monkeypatch.setenv("LINKAUDIT_TEST_VALUE", value)
    given = build_parser().parse_args(["audit", "x.md", option.shown_name, "${LINKAUDIT_TEST_VALUE}"])
    assert getattr(given, option.name) == value
    config = tmp_path / "linkaudit.toml"
    config.write_text(f'{option.name.replace("_", "-")} = "$LINKAUDIT_TEST_VALUE"\n', encoding="utf-8")
    assert load_config(config) == {option.name: str(tmp_path.resolve() / value) if option.path else value}


def test_an_option_not_read_from_the_environment_keeps_a_dollar_as_written_in_both_places(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SCOPE", "all")
    assert build_parser().parse_args(["audit", "x.md", "--exclude", "$SCOPE"]).exclude == ["$SCOPE"]
    config = tmp_path / "linkaudit.toml"
    config.write_text('exclude = ["$SCOPE"]\n', encoding="utf-8")
    assert load_config(config) == {"exclude": ("$SCOPE",)}
