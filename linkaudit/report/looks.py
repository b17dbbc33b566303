"""How each verdict and link state looks in every format: one table, read by every renderer.

A value missing from the tables (a verdict or status added later) still renders: it gets the
fallback look, counts as a problem, and sorts after the known problems and before healthy ones.
Tones name a meaning, not a colour; each format maps tones to colours that keep their contrast
on dark and light backgrounds (see ``TONE_RGB`` and the HTML stylesheet).
"""

from __future__ import annotations

from dataclasses import dataclass

from linkaudit.models import LinkStatus, Verdict

__all__ = [
    "STATE_LOOKS",
    "TONE_RGB",
    "VERDICT_LOOKS",
    "Look",
    "contrast_ratio",
    "state_look",
    "verdict_look",
]


@dataclass(frozen=True)
class Look:
    symbol: str  # carries the meaning when colour is off
    tone: str  # "bad", "warn", "info", "good" or "muted"
    icon: str  # for Markdown, where there is no colour
    rank: int  # 0 is the worst; problems sort first everywhere
    problem: bool


# Worst first. A new verdict or state is one more row here.
VERDICT_LOOKS: dict[str, Look] = {
    Verdict.UNBACKED.value: Look("✗", "bad", "❌", 0, True),
    Verdict.DRIFTED.value: Look("≠", "warn", "🔀", 5, True),
    Verdict.UNVERIFIED.value: Look("?", "info", "❓", 10, True),
    Verdict.ARCHIVED.value: Look("◷", "warn", "🗄️", 20, True),
    Verdict.BACKED.value: Look("✓", "good", "✅", 100, False),
}
STATE_LOOKS: dict[str, Look] = {
    LinkStatus.DEAD.value: Look("✗", "bad", "❌", 0, True),
    LinkStatus.SOFT_404.value: Look("✗", "bad", "❌", 1, True),
    LinkStatus.FAILING.value: Look("!", "warn", "⚠️", 10, True),
    LinkStatus.BLOCKED.value: Look("⊘", "warn", "⛔", 11, True),
    LinkStatus.SKIPPED.value: Look("–", "info", "➖", 50, False),
    "internal": Look("·", "muted", "➖", 60, False),
    "unchecked": Look("?", "muted", "❓", 61, False),
    LinkStatus.REDIRECTED.value: Look("↪", "good", "↪️", 90, False),
    LinkStatus.ALIVE.value: Look("✓", "good", "✅", 100, False),
}
_UNKNOWN = Look("!", "warn", "⚠️", 30, True)

# Terminal colours with a WCAG contrast of at least 4.5:1 on pure black and on pure white, so
# they read in dark and light terminal themes alike (the ANSI 34 blue and 33 yellow do not).
TONE_RGB: dict[str, tuple[int, int, int]] = {
    "bad": (0xE6, 0x21, 0x13),
    "warn": (0xB3, 0x5F, 0x00),
    "info": (0x1E, 0x71, 0xE6),
    "good": (0x18, 0x88, 0x2B),
    "muted": (0x75, 0x75, 0x75),
}


def verdict_look(verdict: str) -> Look:
    return VERDICT_LOOKS.get(verdict, _UNKNOWN)


def state_look(state: str) -> Look:
    return STATE_LOOKS.get(state, _UNKNOWN)


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio, from 1 (same) to 21 (black on white)."""
    high, low = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)
