"""A value means the same on the command line and in the configuration file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkaudit.cli import build_parser
from linkaudit.config import CHOICES, build_settings, expand_env, load_config, parse_duration
from linkaudit.errors import ConfigError
from linkaudit.settings import Settings


def _cli_header(value: str) -> tuple[str, str]:
    args = build_parser().parse_args(["audit", "x.md", "--header", f"X-Note: {value}"])
    return tuple(args.headers)[0]


def _config(tmp_path: Path, line: str) -> Settings:
    path = tmp_path / "linkaudit.toml"
    path.write_text(line + "\n", encoding="utf-8")
    return build_settings(load_config(path), {})


def _config_value(tmp_path: Path, line: str) -> object:
    return _config(tmp_path, line).value(line.split("=", 1)[0].strip().replace("-", "_"))


def _config_header(value: str, tmp_path: Path) -> tuple[str, str]:
    # A JSON array of plain strings is also a TOML one.
    return _config(tmp_path, "headers = " + json.dumps([f"example.org=X-Note: {value}"])).check.headers[0]


@pytest.mark.parametrize("value", ["$5 off", "${TOKEN", "$TOKEN and more", "plain"])
def test_text_that_is_not_a_whole_reference_is_sent_as_written_from_either_place(value, monkeypatch, tmp_path):
    # The command line once read anything after "$" as a variable name: "$5 off" was an unset
    # variable "5 off" there, while the configuration file sent it as written.
    monkeypatch.setenv("TOKEN", "s3cret")
    assert _cli_header(value) == ("X-Note", value)
    assert _config_header(value, tmp_path) == ("example.org=X-Note", value)


@pytest.mark.parametrize("reference", ["$TOKEN", "${TOKEN}"])
def test_a_whole_reference_is_read_from_the_environment_in_either_place(reference, monkeypatch, tmp_path):
    monkeypatch.setenv("TOKEN", "s3cret")
    assert _cli_header(reference) == ("X-Note", "s3cret")
    assert _config_header(reference, tmp_path) == ("example.org=X-Note", "s3cret")


def test_an_unset_variable_is_named(monkeypatch):
    monkeypatch.delenv("NO_SUCH_TOKEN", raising=False)
    with pytest.raises(KeyError, match="NO_SUCH_TOKEN"):
        expand_env("${NO_SUCH_TOKEN}")


@pytest.mark.parametrize(("text", "seconds"), [("90", 90), ("1.5", 1.5), ("30m", 1800), ("12h", 43200), ("1d", 86400), ("2w", 1209600), (" 5 s ", 5)])
def test_durations(text, seconds, tmp_path):
    assert parse_duration(text) == seconds
    assert _config_value(tmp_path, f'max-age = "{text}"') == seconds
    assert build_parser().parse_args(["audit", "x.md", "--max-age", text]).max_age == seconds


@given(st.text(max_size=12))
def test_a_duration_is_a_number_of_seconds_or_nothing(text):
    seconds = parse_duration(text)
    assert seconds is None or seconds >= 0



@pytest.mark.parametrize("setting", ["scope", "archive", "format", "drift"])
def test_a_choice_is_accepted_or_refused_alike_by_both(setting, tmp_path):
    for value in CHOICES[setting]:
        assert getattr(build_parser().parse_args(["audit", "x.md", f"--{setting}", value]), setting) == value
        assert _config_value(tmp_path, f'{setting} = "{value}"') == value
    with pytest.raises(SystemExit):
        build_parser().parse_args(["audit", "x.md", f"--{setting}", "sometimes"])
    with pytest.raises(ConfigError, match="must be one of"):
        _config(tmp_path, f'{setting} = "sometimes"')


def test_a_timeout_written_as_a_duration_means_the_same_in_both(tmp_path):
    # The config file took timeout = "30s" while --timeout 30s was refused as "not a number".
    assert build_parser().parse_args(["audit", "x.md", "--timeout", "30s"]).timeout == 30
    assert _config_value(tmp_path, 'timeout = "30s"') == 30
