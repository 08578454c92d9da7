"""Staff edit the thesaurus in the admin; a group that would break it is refused, saying why."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Permission

from search.models import ThesaurusGroup
from search.thesaurus import SEED_FILE, read_seed

pytestmark = pytest.mark.django_db
ADD = "/admin/search/thesaurusgroup/add/"


def form(key: str, terms: str, *, english: str = "", broader: Any = None, source: str = "") -> dict:
    return {
        "key": key,
        "terms": terms,
        "english": english,
        "broader": broader.pk if broader else "",
        "source": source or "Ord som invånare använder för tjänsten.",
    }


@pytest.fixture
def staff_client(client, staff):  # type: ignore[no-untyped-def]
    """Platform staff allowed to edit the thesaurus (its model permissions)."""
    staff.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="search", codename__endswith="group")
    )
    client.force_login(staff)
    return client


def errors_of(response: Any) -> str:
    assert response.status_code == 200, "the form should be shown again with its errors"
    errors = response.context["adminform"].form.errors
    return " ".join(message for messages in errors.values() for message in messages)


def test_the_seed_file_is_loaded_whole() -> None:
    assert ThesaurusGroup.objects.count() == len(read_seed(SEED_FILE)) >= 300
    hemtjanst = ThesaurusGroup.objects.get(key="hemtjanst")
    assert hemtjanst.term_list[0] == "hemtjänst"
    assert hemtjanst.broader is not None and hemtjanst.broader.key == "aldreomsorg"


def test_staff_add_a_group(staff_client) -> None:  # type: ignore[no-untyped-def]
    response = staff_client.post(ADD, form("segelflyg", "segelflygfält\nsegelflygklubb"))
    assert response.status_code == 302, response.context and errors_of(response)
    assert ThesaurusGroup.objects.get(key="segelflyg").term_list == [
        "segelflygfält",
        "segelflygklubb",
    ]


def test_an_empty_group_is_refused(staff_client) -> None:  # type: ignore[no-untyped-def]
    response = staff_client.post(ADD, form("tom", "   \n  "), HTTP_ACCEPT_LANGUAGE="sv")
    assert "minst en svensk term" in errors_of(response) or "obligatoriskt" in errors_of(response)
    assert not ThesaurusGroup.objects.filter(key="tom").exists()


def test_a_term_in_another_group_is_refused(staff_client) -> None:  # type: ignore[no-untyped-def]
    response = staff_client.post(ADD, form("barnomsorg-2", "barnpassning\ndagis"))
    text = errors_of(response)
    assert "dagis" in text and "forskola" in text
    assert not ThesaurusGroup.objects.filter(key="barnomsorg-2").exists()


def test_a_loop_of_broader_groups_is_refused(staff_client) -> None:  # type: ignore[no-untyped-def]
    aldreomsorg = ThesaurusGroup.objects.get(key="aldreomsorg")
    hemtjanst = ThesaurusGroup.objects.get(key="hemtjanst")
    change = f"/admin/search/thesaurusgroup/{aldreomsorg.pk}/change/"
    data = form(
        "aldreomsorg",
        "\n".join(aldreomsorg.term_list),
        english="\n".join(aldreomsorg.english_list),
        broader=hemtjanst,
        source=aldreomsorg.source,
    )
    text = errors_of(staff_client.post(change, data))
    assert "aldreomsorg -> hemtjanst -> aldreomsorg" in text
    aldreomsorg.refresh_from_db()
    assert aldreomsorg.broader is None or aldreomsorg.broader.key != "hemtjanst"


def test_another_form_of_a_term_is_refused(staff_client) -> None:  # type: ignore[no-untyped-def]
    text = errors_of(staff_client.post(ADD, form("hemtjanst-2", "hemtjänsten")))
    assert "hemtjänsten" in text


def test_the_message_is_swedish_for_swedish_staff(staff_client) -> None:  # type: ignore[no-untyped-def]
    response = staff_client.post(ADD, form("barnomsorg-2", "dagis"), HTTP_ACCEPT_LANGUAGE="sv")
    assert "finns redan i" in errors_of(response)


def test_an_unchanged_group_saves(staff_client) -> None:  # type: ignore[no-untyped-def]
    group = ThesaurusGroup.objects.get(key="hemtjanst")
    data = form(
        group.key,
        "\n".join(group.term_list),
        english="\n".join(group.english_list),
        broader=group.broader,
        source=group.source,
    )
    response = staff_client.post(f"/admin/search/thesaurusgroup/{group.pk}/change/", data)
    assert response.status_code == 302


def test_people_who_are_not_staff_cannot_edit(client, owner) -> None:  # type: ignore[no-untyped-def]
    client.force_login(owner)
    response = client.post(ADD, form("x", "y"))
    assert response.status_code in (302, 403)
    assert not ThesaurusGroup.objects.filter(key="x").exists()
