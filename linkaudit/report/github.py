"""GitHub Actions workflow commands: one ``::error`` or ``::warning`` line per problem place.

GitHub reads ``::level prop=value,...::message``; values are escaped as its toolkit does
(``%`` ``\\r`` ``\\n`` everywhere, plus ``:`` and ``,`` inside properties) so page text can
never end a command early or start a new one.
"""

from __future__ import annotations

from linkaudit.models import Report
from linkaudit.policy import Policy
from linkaudit.report.places import Place, annotation_file, places
from linkaudit.report.safe_text import clean

__all__ = ["escape_data", "escape_property", "render_github"]


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, *, policy: Policy | None = None) -> str:
    """One annotation per place in a piece, worst first: a claim's verdict and its source's status
    at the same line and column are one annotation, not two."""
    lines = [_command(place) for place in places(report, policy or Policy())]
    if not report.complete:
        lines.append(
            "::warning title=linkaudit%3A verdicts incomplete::the run was interrupted: sources not yet checked "
            "or looked up in web archives are not judged; run the audit again to finish"
        )
    return "".join(line + "\n" for line in lines)


def _command(place: Place) -> str:
    props = []
    message = "\n".join(place.sentences())
    file = annotation_file(place.document)
    if file:
        props += [f"file={escape_property(file)}", f"line={place.line}", f"col={place.column}"]
    else:
        # A piece fetched from the web has no file in the repository to annotate.
        message = f"{clean(place.where)}: {message}"
    props.append(f"title={escape_property(f'linkaudit: {place.title}')}")
    return f"::{place.level} {','.join(props)}::{escape_data(clean(message))}"
