"""The records between stages: one name to import them by, stable ids, and faithful copies across
processes."""

from __future__ import annotations

import datetime as dt
import importlib
import pickle
import pkgutil

import linkaudit.models
import linkaudit.records
from linkaudit.models import Citation, Location, NonCitation, claim_id_for


def test_linkaudit_models_gives_every_record_each_stage_module_defines() -> None:
    defined = {}
    for module_info in pkgutil.iter_modules(linkaudit.records.__path__):
        module = importlib.import_module(f"linkaudit.records.{module_info.name}")
        defined |= {name: getattr(module, name) for name in module.__all__}
    assert {name: getattr(linkaudit.models, name) for name in linkaudit.models.__all__} == defined


def test_claim_ids_are_stable_and_ignore_spacing_and_case() -> None:
    assert claim_id_for("Kim said  so.") == claim_id_for("kim said so.")
    assert claim_id_for("Kim said so.") != claim_id_for("Kim said no.")
    assert len(claim_id_for("x")) == 12


def test_citations_survive_pickling_field_for_field() -> None:
    citation = Citation(
        url="https://a.example/x", written="/x", anchor="a", claim="A claim.", claim_id=claim_id_for("A claim."),
        location=Location("p.md", 3, 7), heading="H", internal=False, version_url="https://w.example/1",
        version_date=dt.date(2020, 1, 2), ignored=True,
    )
    other = NonCitation("mailto:x@y.z", "e-mail address", Location("p.md", 4, 1))
    assert pickle.loads(pickle.dumps(citation)) == citation
    assert pickle.loads(pickle.dumps(other)) == other
