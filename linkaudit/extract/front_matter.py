"""Front matter of Markdown pieces: YAML or TOML between fences at the top, read for a title and a date."""

from __future__ import annotations

import tomllib

__all__ = ["split_front_matter"]

def split_front_matter(text: str) -> tuple[dict[str, object], str, list[str]]:
    """(front matter, body, warnings). The body keeps the file's line numbers: the front matter
    lines are left in place as empty lines."""
    first_line, _, _ = text.partition("\n")
    fence = first_line.rstrip()
    if fence not in ("---", "+++"):
        return {}, text, []
    lines = text.split("\n")
    closers = ("---", "...") if fence == "---" else ("+++",)
    for number in range(1, len(lines)):
        if lines[number].rstrip() in closers:
            raw = "\n".join(lines[1:number])
            body = "\n" * (number + 1) + "\n".join(lines[number + 1 :])
            if fence == "+++":
                front_matter, warnings = _parse_toml(raw)
                return front_matter, body, warnings
            return _parse_simple_yaml(raw), body, []
    return {}, text, []  # no closing fence: a thematic break, not front matter


def _parse_toml(raw: str) -> tuple[dict[str, object], list[str]]:
    try:
        return dict(tomllib.loads(raw)), []
    except tomllib.TOMLDecodeError as error:
        return {}, [f"TOML front matter could not be read ({error}); ignored"]


def _parse_simple_yaml(raw: str) -> dict[str, object]:
    """Top-level ``key: value`` pairs of YAML front matter: all a piece's title and date need.

    Nested mappings, lists and block scalars are skipped rather than misread.
    """
    result: dict[str, object] = {}
    for line in raw.split("\n"):
        if not line or line[0] in " \t#-" or ":" not in line:
            continue
        key, _, value = line.partition(":")
        key = key.strip().strip("\"'")
        value = value.strip()
        if not key or value in ("", "|", ">", "|-", ">-"):
            continue
        if value[0] in "\"'" and len(value) >= 2 and value[-1] == value[0]:
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        result[key] = value
    return result
