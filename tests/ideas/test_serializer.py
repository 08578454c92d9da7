"""The idea representation is built by hand for speed; it must equal DRF's field-by-field one."""

from __future__ import annotations

import pytest
from django.utils.text import slugify

from ideas.api.serializers import IdeaSerializer
from ideas.models import Idea, Tag, TargetGroup
from ideas.selectors import ideas_in_order, ideas_visible_to
from tests import factories

pytestmark = pytest.mark.django_db


def test_fast_representation_equals_the_declared_fields(owner, skelleftea, krokom) -> None:
    rich = factories.idea(
        organisation=skelleftea,
        created_by=owner,
        title="Ledighetsansökan",
        visibility="public",
        links=[{"title": "Prototyp", "url": "https://example.se/p"}, {"url": "https://x.se"}],
        repository_url="https://github.com/example/ledighet",
        contact_email="kontakt@skelleftea.example",
    )
    rich.co_organisations.add(krokom)
    for name in ("e-tjänst", "skola"):
        rich.tags.add(Tag.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0])
    rich.target_groups.add(
        TargetGroup.objects.get_or_create(name="Vårdnadshavare", defaults={"slug": "vh"})[0]
    )
    plain = factories.idea(organisation=krokom, created_by=owner, title="Tom", visibility="public")
    for idea in (rich, plain):
        for source in (
            Idea.objects.get(pk=idea.pk),
            ideas_visible_to(owner).get(pk=idea.pk),
            ideas_in_order([idea.pk])[0],  # as a list page loads it
        ):
            serializer = IdeaSerializer()
            assert serializer.to_representation(source) == serializer.generic_representation(source)
    assert set(IdeaSerializer().to_representation(rich)) == set(IdeaSerializer.Meta.fields)
