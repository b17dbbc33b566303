"""markdown-it's inline rules, run only where they can start: the same tokens, in linear time.

markdown-it tries each of its fifteen inline rules at every markup character, and gives up one
character at a time: a megabyte of "<" or "[" costs seconds. Each rule starts at a character of its
own (emphasis at "*" and "_", links at "[", autolinks and tags at "<", ...), so here one rule looks
up the rules of the character it stands on and runs only those. Where none can match, it takes the
whole run of characters up to the next place one could, as markdown-it would one by one:

- a character no rule starts at ("]", ">", "#", letters, ...), and what follows it;
- "<" followed by "<": neither an autolink nor a tag starts at "<<";
- a backslash before a character it does not escape ("\\u003c"), and the text after it: markdown-it
  makes each a token of its own and joins them all back into one text; the last is left to it
  when a ":" or a line break follows, as those rules read the text gathered since the last token;
- "[" when no link can start at all: no "]" after it, or no ")" after it and nothing defined to
  refer to (reference definitions, footnotes).

Inside a link label (markdown-it's silent mode) "[" and "]" are counted one by one, so they end a
run there. A rule not in the table below turns the dispatch off: every rule then runs as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.rules_inline.escape import _ESCAPED as ESCAPABLE

from linkaudit.extract.markdown_markup import ATTRIBUTES_RULE, TEMPLATE_OPENING, TEMPLATE_RULE

__all__ = ["dispatch_inline_rules", "dispatches"]

Rule = Callable[[StateInline, bool], bool]

# The character(s) at which each inline rule can match; "text" is replaced by the runs below.
_STARTS = {
    "linkaudit_bare_url": ":",
    "newline": "\n",
    "escape": "\\",
    "backticks": "`",
    "strikethrough": "~",
    "emphasis": "*_",
    "link": "[",
    "image": "!",
    "footnote_inline": "^",
    "footnote_ref": "[",
    "autolink": "<",
    "html_inline": "<",
    "entity": "&",
    TEMPLATE_RULE: "{",
    ATTRIBUTES_RULE: "{",
}
_DISPATCH = "linkaudit_dispatch"


def dispatch_inline_rules(parser: MarkdownIt) -> None:
    """Replace ``parser``'s inline rule chain by one rule that dispatches on the character."""
    ruler = parser.inline.ruler
    enabled = [(rule.name, rule.fn) for rule in ruler.__rules__ if rule.enabled]
    if any(name != "text" and name not in _STARTS for name, _ in enabled):
        return  # a rule of unknown reach: keep markdown-it's own loop
    table: dict[str, list[Rule]] = {}
    for name, rule in enabled:
        for char in _STARTS.get(name, ""):
            table.setdefault(char, []).append(rule)
    triggers = "".join(table)
    unescaped = r"\\[^" + re.escape("".join(ESCAPABLE)) + r"\n\ud800-\udfff]"  # "\\" kept as written
    inert_escapes = {  # in a label (silent), "]" ends a run
        silent: re.compile("(?:" + unescaped + "[^" + re.escape(triggers + ("]" if silent else "")) + "]*)+")
        for silent in (True, False)
    }
    run_ends = {
        # (silent, "[" can start nothing): where a run of plain text stops
        (True, False): _stops(triggers + "]"),
        (True, True): _stops(triggers + "]"),
        (False, False): _stops(triggers),
        (False, True): _stops(triggers.replace("[", "")),
    }

    def dispatch(state: StateInline, silent: bool) -> bool:
        src, pos = state.src, state.pos
        char = src[pos]
        rules = table.get(char)
        if rules is not None:
            if char == "\\" and (run := inert_escapes[silent].match(src, pos, state.posMax)) is not None:
                end = run.end()
                if end < state.posMax and src[end] in ":\n":
                    end = src.rfind("\\", pos, end)
                if end > pos:
                    return _take(state, silent, pos, end)
            if char == "<" and src.startswith("<", pos + 1):
                run = _ANGLE_RUN.match(src, pos, state.posMax)
                return _take(state, silent, pos, run.end() - 1)  # type: ignore[union-attr]  # all but the last "<" are text
            if char != "[" or not _no_link_can_start(state, pos):
                for rule in rules:
                    if rule(state, silent):
                        return True
            if silent:
                return False  # one character, as markdown-it steps in a label
        brackets_inert = not silent and _no_link_can_start(state, pos)
        found = run_ends[silent, brackets_inert].search(src, pos + 1, state.posMax)
        return _take(state, silent, pos, found.start() if found else state.posMax)

    ruler.disable([name for name, _ in enabled])
    ruler.push(_DISPATCH, dispatch)


def _stops(chars: str) -> re.Pattern[str]:
    """Where a run of text stops: at any of ``chars``, but at "{" only where a template tag can
    open (an attribute block follows its element directly, never text)."""
    if "{" not in chars:
        return re.compile("[" + re.escape(chars) + "]")
    return re.compile("[" + re.escape(chars.replace("{", "")) + "]|" + TEMPLATE_OPENING)


def dispatches(parser: MarkdownIt) -> bool:
    """Whether ``parser``'s inline rules are the dispatch alone (and so start only where listed)."""
    return [rule.name for rule in parser.inline.ruler.__rules__ if rule.enabled] == [_DISPATCH]


_ANGLE_RUN = re.compile("<+")


def _take(state: StateInline, silent: bool, start: int, end: int) -> bool:
    """src[start:end] is plain text: added to the pending text, as markdown-it would add it."""
    if end <= start:
        return False
    if not silent:
        state.append_pending(state.src[start:end])
    state.pos = end
    return True


def _no_link_can_start(state: StateInline, pos: int) -> bool:
    """Whether no link, image label or footnote reference can start at ``pos`` or after it."""
    if state.html_terminator_last("]") < pos:
        return True
    env = state.env
    footnotes = env.get("footnotes")
    nothing_to_refer_to = not env.get("references") and not (isinstance(footnotes, dict) and footnotes.get("refs"))
    return nothing_to_refer_to and state.html_terminator_last(")") < pos
