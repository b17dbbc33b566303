"""linkaudit: which sources still back each claim of a piece?"""

from __future__ import annotations

__version__ = "0.1.0"
