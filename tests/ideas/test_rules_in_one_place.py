"""Rules that pages and the API used to decide each on their own, now decided once: the
organisation a new idea belongs to (`idea_create`), who reads an adopter's contact details
(`selectors.idea_adoptions_for`) and the order of an idea list (`IdeaFilter`)."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import Membership
from ideas import selectors, services
from ideas.api.filters import IdeaFilter
from ideas.models import Idea

pytestmark = pytest.mark.django_db


def test_a_new_idea_without_an_organisation_belongs_to_the_authors_only_one(owner, skelleftea):
    idea = services.idea_create(actor=owner, kind=Idea.Kind.ACTIVITY, title="Simskola")
    assert idea.organisation == skelleftea


def test_a_member_of_several_organisations_is_asked_which_one_owns_the_idea(owner, krokom):
    Membership.objects.create(user=owner, organisation=krokom)
    with pytest.raises(ValidationError) as raised:
        services.idea_create(actor=owner, kind=Idea.Kind.ACTIVITY, title="Simskola")
    message = " ".join(raised.value.message_dict["organisation"])
    assert "krokom" in message and "skelleftea" in message
    assert not Idea.objects.exists()


def test_someone_without_an_organisation_is_refused_by_service_page_and_api_alike(
    client, api, citizen
):
    with pytest.raises(PermissionDenied) as raised:
        services.idea_create(actor=citizen, kind=Idea.Kind.ACTIVITY, title="Simskola")
    client.force_login(citizen)
    assert client.get("/ideer/ny/").status_code == 403
    api.force_authenticate(citizen)
    response = api.post("/api/v1/ideas/", {"kind": "activity", "title": "Simskola"})
    assert response.status_code == 403
    assert response.json()["detail"] == str(raised.value)


def test_adopter_contacts_are_read_by_the_team_and_the_adopter_only(
    make_idea, owner, outsider, citizen, krokom
):
    idea = make_idea()
    services.adoption_record(
        actor=outsider, idea=idea, status="adopted", contact_name="Olle", contact_email="o@k.se"
    )
    for reader in (owner, outsider):
        [adoption] = selectors.idea_adoptions_for(reader, idea)
        assert (adoption.contact_name, adoption.contact_email) == ("Olle", "o@k.se")
    for reader in (citizen, None):
        [adoption] = selectors.idea_adoptions_for(reader, idea)
        assert (adoption.organisation, adoption.status) == (krokom, "adopted")
        assert (adoption.contact_name, adoption.contact_email) == ("", "")


def test_an_idea_list_without_ordering_is_newest_first_whatever_it_started_as(make_idea):
    older, newer = make_idea(title="A äldre"), make_idea(title="B nyare")
    Idea.objects.filter(pk=older.pk).update(created_at=timezone.now() - datetime.timedelta(days=1))
    by_title = Idea.objects.order_by("title")
    for data in ({}, {"ordering": ""}, {"kind": "service_concept"}):
        assert list(IdeaFilter(data, queryset=by_title).qs) == [newer, older], data
    assert list(IdeaFilter({"ordering": "title"}, queryset=by_title).qs) == [older, newer]
