"""The demo proposals load once: to Skellefteå and Krokom, one turned into an idea."""

from __future__ import annotations

import io

import pytest

from accounts import demo as accounts_demo
from ideas import demo as ideas_demo
from maps import demo as maps_demo
from proposals import demo
from proposals.models import Proposal
from tests import factories

pytestmark = pytest.mark.django_db


def test_demo_proposals_load_once_one_turned_into_an_idea() -> None:
    factories.ensure_reference_data()
    out = io.StringIO()
    accounts_demo.load(out)
    ideas_demo.load(out)
    maps_demo.load(out)
    demo.load(out)
    demo.load(out)
    assert "Demo proposals: 4 proposals (0 new)." in out.getvalue()
    assert {p.organisation.slug for p in Proposal.objects.all()} == {"skelleftea", "krokom"}
    [turned] = Proposal.objects.filter(answer_kind="idea")
    assert turned.idea is not None and turned.idea.organisation.slug == "skelleftea"
    assert list(turned.idea.proposals.all()) == [turned]
    assert Proposal.objects.get(title__startswith="Laddstolpe").place is not None
    assert Proposal.objects.filter(status="considering").count() == 1
