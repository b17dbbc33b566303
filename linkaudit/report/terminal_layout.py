"""How the terminal audit is laid out, with rich: the theme, and the few renderables that wrap text
under a hanging indent, keep a URL whole on a line of its own, or flow items like words.

Page text only ever enters rich as ``Text(str)`` with control characters removed, never as markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich._wrap import divide_line
from rich.color import ColorSystem
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from rich.theme import Theme

from linkaudit.report.looks import TONE_RGB
from linkaudit.report.safe_text import clean

__all__ = ["Flow", "Indented", "WholeLine", "print_audit", "styled", "terminal_theme", "tone_style", "url_line", "use_theme"]

# Themes name meanings ("linkaudit.bad"); the console that prints chooses the colours.
_STANDARD_COLOURS = {
    # 16-colour terminals: the palette is the terminal's, so no yellow (unreadable on white) and
    # no blue (unreadable on black); bold and the symbols carry the rest.
    "bad": "bold red",
    "warn": "bold magenta",
    "info": "bold",
    "good": "green",
    "muted": "dim",
}


def terminal_theme(color_system: str | None) -> Theme:
    """The theme for a console's colour system: RGB colours checked for contrast, or a 16-colour fallback."""
    if color_system == ColorSystem.STANDARD.name.lower() or color_system == "standard":
        styles = {f"linkaudit.{tone}": style for tone, style in _STANDARD_COLOURS.items()}
    else:
        styles = {f"linkaudit.{tone}": "#{:02x}{:02x}{:02x}".format(*rgb) for tone, rgb in TONE_RGB.items()}
        styles["linkaudit.bad"] = "bold " + styles["linkaudit.bad"]
    styles["linkaudit.heading"] = "bold"
    return Theme(styles, inherit=True)


def use_theme(console: Console) -> None:
    console.push_theme(terminal_theme(console.color_system))


def print_audit(console: Console, renderables: Iterable[RenderableType]) -> None:
    """Print with the theme, and without cropping: lines holding a URL may run past the width."""
    use_theme(console)
    try:
        for renderable in renderables:
            console.print(renderable, crop=False)
    finally:
        console.pop_theme()


def tone_style(tone: str) -> str:
    """The theme's style for a tone (bad, warn, info, good, muted)."""
    return f"linkaudit.{tone}"


def styled(value: object, style: str | Style = "") -> Text:
    """Untrusted text, cleaned, styled; the style covers this text only, not what is appended later."""
    text = Text(clean(str(value)))
    if style:
        text.stylize(style)
    return text




class Indented:
    """A renderable wrapped at the width left after its indent: the first line indented by
    ``indent``, the others by ``hang`` (a hanging indent); no padding at the end of lines, and a
    word longer than the width (a URL) runs past it rather than being cut or split."""

    def __init__(self, renderable: RenderableType, indent: int, hang: int | None = None) -> None:
        self.renderable = renderable
        self.indent = indent
        self.hang = indent if hang is None else hang

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width - max(self.indent, self.hang), 20)
        if isinstance(self.renderable, Text):
            lines = [list(part.render(console)) for part in word_wrap(self.renderable, width)]
        else:
            lines = list(Segment.split_lines(console.render(self.renderable, options.update_width(width))))
        for number, line in enumerate(lines):
            yield Segment(" " * (self.indent if number == 0 else self.hang))
            yield from without_trailing_space(line)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        inner = Measurement.get(console, options, self.renderable)
        return Measurement(inner.minimum + self.indent, inner.maximum + self.indent)


def word_wrap(text: Text, width: int) -> list[Text]:
    """Lines broken between words only: a word longer than the width keeps a line of its own."""
    lines: list[Text] = []
    for line in text.split(allow_blank=True):
        lines += line.divide(divide_line(line.plain, width, fold=False)) if line.plain else [line]
    return lines


def without_trailing_space(line: list[Segment]) -> list[Segment]:
    segments = list(line)
    while segments and not segments[-1].text.rstrip():
        segments.pop()
    if segments:
        last = segments[-1]
        segments[-1] = Segment(last.text.rstrip(), last.style, last.control)
    return segments


class WholeLine:
    """One line as it is, never wrapped nor cut, whatever the width (rich would join a bare Text
    into the surrounding output and lose its no-wrap setting)."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.text.render(console)
        yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.text.cell_len, self.text.cell_len)


def url_line(url: str, indent: int, style: str | Style = "") -> WholeLine:
    """A URL on a line of its own, never wrapped nor cut: it can be copied, grepped, followed."""
    return WholeLine(Text.assemble(" " * indent, styled(url, style)))


class Flow:
    """Items laid out like words: wrapped only between items, continuation lines under the first item."""

    def __init__(self, label: Text, items: Sequence[Text], gap: int = 3) -> None:
        self.label = label
        self.items = items
        self.gap = gap

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        hang = self.label.cell_len
        line = self.label.copy()
        for item in self.items:
            if line.cell_len > hang and line.cell_len + self.gap + item.cell_len > options.max_width:
                yield line
                line = Text(" " * hang)
            elif line.cell_len > hang:
                line.append(" " * self.gap)
            line.append_text(item)
        yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widths = [item.cell_len for item in self.items] or [0]
        total = self.label.cell_len + sum(widths) + self.gap * (len(widths) - 1)
        return Measurement(self.label.cell_len + max(widths), min(total, options.max_width))
