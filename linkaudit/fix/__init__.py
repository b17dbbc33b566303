"""``linkaudit fix``: the rescue an audit found, written into the piece as a reviewable change.

    report (fresh or saved) + piece  --plan-->  LinkFix per citation  --sites-->  where each link is
    written  --write-->  Edits (robust / archive-link / annotate)  -->  the piece, byte for byte
    the same outside the edited links

``plan`` decides from the audit alone; ``sites`` reads the syntax at the place the extractor
recorded; ``write`` makes the edits of each style; ``piece`` ties them together for one piece and
``files`` reads, diffs and writes files.
"""

from linkaudit.fix.edits import Edit, apply_edits, unified_diff
from linkaudit.fix.piece import FixedPiece, FixOptions, default_style, fix_document, match_audit
from linkaudit.fix.plan import FixAction, LinkFix, SavedCapture, plan_fixes
from linkaudit.fix.write import STYLES

__all__ = [
    "STYLES",
    "Edit",
    "FixAction",
    "FixOptions",
    "FixedPiece",
    "LinkFix",
    "SavedCapture",
    "apply_edits",
    "default_style",
    "fix_document",
    "match_audit",
    "plan_fixes",
    "unified_diff",
]
