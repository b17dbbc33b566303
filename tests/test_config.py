"""The configuration file: discovery, validation against the option table, precedence."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linkaudit.config import FAIL_ON_CHOICES, build_settings, find_config, load_config
from linkaudit.errors import ConfigError
from linkaudit.option_table import OPTIONS
from linkaudit.settings import Settings


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def config_of(tmp_path: Path, body: str) -> dict[str, object]:
    return load_config(write(tmp_path / "linkaudit.toml", body))


def error_of(tmp_path: Path, body: str) -> str:
    with pytest.raises(ConfigError) as caught:
        config_of(tmp_path, body)
    return str(caught.value)


# --- discovery ----------------------------------------------------------------------------


def test_linkaudit_toml_is_found_in_a_parent_directory(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    own = write(tmp_path / "linkaudit.toml", "timeout = 3\n")
    deep = tmp_path / "pieces" / "2024"
    deep.mkdir(parents=True)

    assert find_config(deep) == own


def test_paths_in_the_file_are_read_from_its_folder_wherever_the_run_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "linkaudit.toml", 'reports-dir = "reports"\ncache = "build/cache.sqlite"\noutput = ["audit.json", "/tmp/x.sarif"]\n')
    deep = tmp_path / "pieces" / "2024"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)

    values = load_config(find_config(Path.cwd()))

    assert values["reports_dir"] == str(tmp_path.resolve() / "reports")
    assert values["cache_path"] == str(tmp_path.resolve() / "build" / "cache.sqlite")
    assert list(values["outputs"]) == [str(tmp_path.resolve() / "audit.json"), "/tmp/x.sarif"]


def test_paths_given_on_the_command_line_stay_relative_to_the_working_directory(tmp_path: Path) -> None:
    settings = build_settings(config_of(tmp_path, 'reports-dir = "reports"\n'), {"reports_dir": "here"})
    assert settings.output.reports_dir == "here"


def test_linkaudit_toml_wins_over_pyproject_in_the_same_directory(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.linkaudit]\ntimeout = 1\n")
    own = write(tmp_path / "linkaudit.toml", "timeout = 2\n")

    assert find_config(tmp_path) == own


def test_pyproject_counts_only_with_a_linkaudit_table(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    ours = write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n[tool.linkaudit]\nretries = 4\n")
    write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'unrelated'\n")

    assert find_config(tmp_path / "sub") == ours
    assert load_config(ours) == {"retries": 4}


def test_the_search_stops_at_the_repository_root(tmp_path: Path) -> None:
    write(tmp_path / "linkaudit.toml", "timeout = 2\n")
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    (repository / "docs").mkdir()

    assert find_config(repository / "docs") is None
    assert find_config(tmp_path) == tmp_path / "linkaudit.toml"


def test_no_configuration_anywhere(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    assert find_config(tmp_path) is None


def test_a_broken_pyproject_meant_for_us_is_found_and_then_reported(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    pyproject = write(tmp_path / "pyproject.toml", "[tool.linkaudit]\ntimeout = = 3\n")

    assert find_config(tmp_path) == pyproject
    with pytest.raises(ConfigError, match=re.escape(f"{pyproject}: malformed TOML at line 2, column")):
        load_config(pyproject)


# --- values and their types ---------------------------------------------------------------


def test_every_kind_of_value_is_converted_to_the_field_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_TOKEN", "s3cret")
    values = config_of(
        tmp_path,
        """
        max-concurrency = 32
        timeout = 7
        max_age = "12h"
        allow-private = true
        published = 2023-01-17
        exclude = ["^https://example\\\\.com/", "\\\\.pdf$"]
        accept = [403, "200..202"]
        fail-on = ["dead", "unbacked"]
        remap = ["^https://old\\\\.example/ https://new.example/", ["^http://a/", "http://b/"]]
        headers = ["Authorization: Bearer x", "X-Token: ${SITE_TOKEN}"]
        archives = { ukwa = "https://www.webarchive.org.uk/wayback/archive/" }
        scope = "all"
        """.replace("        ", ""),
    )

    assert values == {
        "max_concurrency": 32,
        "timeout": 7.0,
        "max_age": 43200.0,
        "allow_private": True,
        "published": dt.date(2023, 1, 17),
        "exclude": ("^https://example\\.com/", "\\.pdf$"),
        "accept": frozenset({403, 200, 201, 202}),
        "fail_on": frozenset({"dead", "unbacked"}),
        "remap": (("^https://old\\.example/", "https://new.example/"), ("^http://a/", "http://b/")),
        "headers": (("Authorization", "Bearer x"), ("X-Token", "s3cret")),
        "archives": (("ukwa", "https://www.webarchive.org.uk/wayback/archive/"),),
        "scope": "all",
    }
    settings = build_settings(values, {})
    assert settings.check.max_concurrency == 32 and settings.check.headers[1] == ("X-Token", "s3cret")


def test_headers_may_be_a_table_and_published_a_string(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("API_KEY", "k-123")
    values = config_of(tmp_path, 'published = "2021-06-30"\n[headers]\nX-Api-Key = "$API_KEY"\n')

    assert values == {"published": dt.date(2021, 6, 30), "headers": (("X-Api-Key", "k-123"),)}


def test_an_unset_environment_variable_is_an_error_naming_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LINKAUDIT_TEST_UNSET", raising=False)
    message = error_of(tmp_path, 'headers = ["Authorization: ${LINKAUDIT_TEST_UNSET}"]\n')

    assert "'headers'" in message and "LINKAUDIT_TEST_UNSET" in message and "not set" in message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('timeout = "abc"', "'timeout' must be a number, got 'abc'"),
        ("timeout = true", "'timeout' must be a number, got True"),
        ("retries = 2.5", "'retries' must be a whole number, got 2.5"),
        ('max-concurrency = "8"', "'max-concurrency' must be a whole number, got '8'"),
        ('allow-private = "yes"', "'allow-private' must be true or false, got 'yes'"),
        ("user-agent = 12", "'user-agent' must be a string, got 12"),
        ("exclude = 3", "'exclude' must be a list, got 3"),
        ("exclude = [1]", "'exclude' must be a string, got 1"),
        ('exclude = ["("]', "'exclude' holds '(', which is not a regular expression"),
        ('published = "last week"', "'published' must be a date (YYYY-MM-DD), got 'last week'"),
        ("accept = [true]", "'accept' must be a whole number, got True"),
        ('accept = ["two hundred"]', "'accept' must be status codes (100..599) like 403 or '200..299', got 'two hundred'"),
        ('fail-on = ["dead", "broken"]', "'fail-on' must be one of archived, blocked, dead, drifted, failing, soft-404, "
         "unbacked, unverified, got 'broken'"),
        ('scope = "everything"', "'scope' must be one of all, article, got 'everything'"),
        ('remap = ["no-replacement"]', "'remap' entries must look like 'PATTERN REPLACEMENT', got 'no-replacement'"),
        ("remap = [[1, 2]]", "'remap' entries must be 'PATTERN REPLACEMENT' strings or [first, second] pairs"),
        ('headers = ["Authorization Bearer secret"]', "'headers' entries must look like 'Name: value', "
         "got an entry without ':'"),
        ('archives = ["ukwa=ftp://x"]', "'archives' entries need an http(s) TimeGate URL, got 'ftp://x'"),
    ],
)
def test_each_wrong_type_names_the_file_the_key_and_the_value(tmp_path: Path, line: str, expected: str) -> None:
    message = error_of(tmp_path, line + "\n")

    assert message.startswith(f"{tmp_path / 'linkaudit.toml'}: {expected}")
    assert "secret" not in message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("timeout = -1", "'timeout' must be more than 0"),
        ("url-deadline = 0", "'url-deadline' must be more than 0"),
        ("retries = -1", "'retries' must not be negative"),
        ("confirm = 0", "'confirm' must be at least 1"),
        ("per-host = 0", "'per-host' must be at least 1"),
        ("max-concurrency = -5", "'max-concurrency' must be at least 1"),
        ("archive-rate = 2.0", "'archive-rate' is a share"),
        ("wayback-url = 'not a url'", "'wayback-url' must be an http(s) URL"),
        ("reference-urls = ['ftp://x.example/']", "'reference-urls' must hold http(s) URLs"),
        ("remap = ['^https://a(.*) X/\\9']", "does not fit its pattern"),
        ("remap = ['^https://a(.*) not-a-url']", "must replace with an http(s) URL"),
        ('headers = ["Bad Name: x"]', "header name that HTTP does not allow"),
        ('headers = { Authorization = "s3cr3t\\r" }', "line break, a control character"),
        ('headers = ["exa mple.org=X-Key: s3cr3t"]', "which is not a host name"),
        ("header-host = ['https://example.org/']", "'header-host' must hold host names"),
        ("max-file-bytes = 9223372036854775807", "'max-file-bytes' must be at most 4,294,967,296"),
        ("max-body-bytes = 9223372036854775807", "'max-body-bytes' must be at most"),
        ("max-redirects = 1000000", "'max-redirects' must be at most 100"),
        ("url-deadline = 1e300", "'url-deadline' must be at most 604,800"),
        ("max-age = '99999d'", "'max-age' must be at most"),
        ("archive-timeout = 1e12", "'archive-timeout' must be at most 86,400"),
        ("older-than = 99999999", "'older-than' must be at most 36,500"),
        ('accept = "0..2000000000"', "'accept' must be status codes (100..599)"),
        ("accept = [99, 200]", "'accept' must hold HTTP status codes (100..599), got 99"),
        ('accept = "299..200"', "'accept' must be status codes (100..599)"),
        ('include = ["(a)\\\\1"]', "backreferences and lookaround are not supported"),
        ("remap = ['(?=x)x https://b.example/']", "backreferences and lookaround are not supported"),
    ],
)
def test_values_of_the_right_type_that_cannot_work_are_errors_naming_the_key(
    tmp_path: Path, line: str, expected: str
) -> None:
    message = error_of(tmp_path, line + "\n")
    assert expected in message and "linkaudit.toml" in message
    assert "s3cr3t" not in message  # a header value may be a secret


def test_command_line_option_names_work_as_keys_too(tmp_path: Path) -> None:
    values = config_of(
        tmp_path,
        'header = ["X-Test: 1"]\noutput = ["r.json"]\nno-cache = true\naccept = "200..299,403"\n'
        'include-path = ["*.md"]\nmemento = ["ukwa=https://ukwa.example/timegate/"]\ncache = "c.sqlite"\nolder-than = 7\n',
    )
    assert values == {
        "headers": (("X-Test", "1"),),
        "outputs": (str(tmp_path.resolve() / "r.json"),),
        "use_cache": False,
        "accept": frozenset([*range(200, 300), 403]),
        "include_paths": ("*.md",),
        "archives": (("ukwa", "https://ukwa.example/timegate/"),),
        "cache_path": str(tmp_path.resolve() / "c.sqlite"),
        "save_if_older_than_days": 7,
    }


def test_one_setting_named_twice_is_an_error(tmp_path: Path) -> None:
    assert "a second time" in error_of(tmp_path, 'output = "a1.json"\noutputs = ["a2.json"]\n')
    assert "must be true or false" in error_of(tmp_path, 'no-cache = "yes"\n')


def test_a_pyproject_named_on_purpose_without_our_table_is_an_error(tmp_path: Path) -> None:
    pyproject = write(tmp_path / "pyproject.toml", "[project]\nname = 'site'\n")
    with pytest.raises(ConfigError, match=r"no \[tool\.linkaudit\] table"):
        load_config(pyproject)


def test_an_unknown_key_is_an_error_naming_it_the_table_and_a_close_match(tmp_path: Path) -> None:
    pyproject = write(tmp_path / "pyproject.toml", "[tool.linkaudit]\ntimout = 3\n")

    with pytest.raises(ConfigError) as caught:
        load_config(pyproject)

    assert str(caught.value) == f"{pyproject}: unknown key 'timout' in [tool.linkaudit] (did you mean 'timeout'?)"


def test_extra_is_not_a_configurable_key(tmp_path: Path) -> None:
    assert "unknown key 'extra'" in error_of(tmp_path, "extra = 1\n")


def test_malformed_toml_names_the_file_and_the_line(tmp_path: Path) -> None:
    message = error_of(tmp_path, "timeout = 3\nretries = [\n")

    assert message.startswith(f"{tmp_path / 'linkaudit.toml'}: malformed TOML")
    assert "at line 2" in message


def test_every_option_can_be_written_in_the_file(tmp_path: Path) -> None:
    defaults = Settings()
    for option in OPTIONS:
        name, default = option.name, defaults.value(option.name)
        if default is None or default == () or default == frozenset():
            continue  # no literal to write back; typed cases are covered above
        literal = _toml_literal(default)
        values = config_of(tmp_path, f"{name.replace('_', '-')} = {literal}\n")
        assert values == {name: str(tmp_path.resolve() / default) if option.path else default}, name


def _toml_literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, frozenset):
        return "[" + ", ".join(_toml_literal(v) for v in sorted(value)) + "]"
    if isinstance(value, tuple):
        return "[" + ", ".join(_toml_literal(v) for v in value) + "]"
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def one_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fail-on")


@given(st.sets(st.sampled_from(sorted(FAIL_ON_CHOICES)), min_size=1))
def test_any_set_of_fail_on_choices_is_accepted(one_folder: Path, chosen: set[str]) -> None:
    # One folder for every example, its file written anew each time: a folder each cost more than the read.
    values = config_of(one_folder, f"fail-on = {_toml_literal(frozenset(chosen))}\n")
    assert values == {"fail_on": frozenset(chosen)}


# --- precedence ---------------------------------------------------------------------------


def test_command_line_over_file_over_defaults(tmp_path: Path) -> None:
    file_values = config_of(tmp_path, "timeout = 5\nretries = 4\nfail-on = ['dead']\n")

    settings = build_settings(file_values, {"timeout": 9.0, "quiet": True})

    assert settings.check.timeout == 9.0  # command line
    assert settings.check.retries == 4  # file
    assert settings.output.fail_on == frozenset({"dead"})  # file
    assert settings.output.quiet is True  # command line
    assert settings.check.per_host == Settings().check.per_host  # default


def test_no_file_and_no_options_gives_the_defaults() -> None:
    assert build_settings({}, {}) == Settings()


def test_a_key_that_is_no_option_is_refused_by_name() -> None:
    assert build_settings({}, {"max-concurrency": 3}).check.max_concurrency == 3
    with pytest.raises(TypeError, match="unknown option 'sources'"):
        build_settings({}, {"sources": ["a.md"]})


def test_each_stage_gets_the_options_it_needs_from_one_setting() -> None:
    settings = Settings(allow_private=True, user_agent="probe/1", reports_dir="out", archive="none")
    assert settings.check.allow_private and settings.archive.allow_private
    assert settings.extract.fetch == settings.check  # pieces given as URLs are fetched as sources are checked
    assert settings.extract.skipped_dirs == ("out",)  # the reports are never read as pieces
    assert settings.drift.archive == settings.archive and settings.archive.mode == "none"


def test_every_numeric_setting_has_an_upper_bound() -> None:
    from linkaudit.config import UPPER_BOUNDS

    numeric = {option.name for option in OPTIONS if type(option.default()) in (int, float)}
    assert numeric - {"archive_rate"} == set(UPPER_BOUNDS)  # archive_rate is a share, at most 1


def test_a_header_scoped_in_the_file_is_kept_with_its_host(tmp_path: Path) -> None:
    config = tmp_path / "linkaudit.toml"
    config.write_text('header = ["example.org=X-Key: v"]\nheader-host = ["a.example"]\n', encoding="utf-8")
    values = load_config(config)
    assert values["headers"] == (("example.org=X-Key", "v"),) and values["header_hosts"] == ("a.example",)
