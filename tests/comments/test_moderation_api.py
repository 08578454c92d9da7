"""Flags, hiding and the moderation queue over HTTP."""

from __future__ import annotations

import pytest

from accounts.models import User
from comments import services
from comments.models import Comment, Flag
from ideas.models import Idea

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(citizen: User, public_idea: Idea) -> Comment:
    return services.comment_create(author=citizen, idea=public_idea, body="Ring 070-123 45 67")


def flag(api_as, user, comment, reason="Personuppgifter"):  # type: ignore[no-untyped-def]
    return api_as(user).post(
        f"/api/v1/comments/{comment.pk}/flag/", {"reason": reason}, format="json"
    )


def test_signed_in_reader_flags_once_with_a_reason(
    api_as, outsider: User, comment: Comment
) -> None:
    response = flag(api_as, outsider, comment)
    assert response.status_code == 201
    assert response.json()["reason"] == "Personuppgifter"
    again = flag(api_as, outsider, comment)
    assert again.status_code == 400 and "redan flaggat" in again.json()["detail"]
    assert flag(api_as, outsider, comment, reason="").status_code == 400
    assert Flag.objects.filter(comment=comment).count() == 1


def test_anonymous_cannot_flag_and_the_author_cannot_flag_their_own(
    api_as, citizen: User, comment: Comment
) -> None:
    assert flag(api_as, None, comment).status_code == 401
    assert flag(api_as, citizen, comment).status_code == 400


def test_coordinator_sees_the_queue_and_hides_with_a_reason(
    api_as, outsider: User, coordinator: User, citizen: User, comment: Comment, public_idea: Idea
) -> None:
    flag(api_as, outsider, comment)
    queue = api_as(coordinator).get("/api/v1/moderation/flags/").json()
    assert queue["count"] == 1
    entry = queue["results"][0]
    assert entry["comment"]["id"] == comment.pk and entry["open_flag_count"] == 1
    assert entry["flags"][0]["reason"] == "Personuppgifter"
    assert entry["original_body"] == "Ring 070-123 45 67"

    hidden = api_as(coordinator).post(
        f"/api/v1/comments/{comment.pk}/hide/", {"reason": "Telefonnummer"}, format="json"
    )
    assert hidden.status_code == 200
    data = hidden.json()
    assert (
        data["hidden"] is True and data["body"] == "" and data["hidden_reason"] == "Telefonnummer"
    )
    thread = api_as(citizen).get(f"/api/v1/ideas/{public_idea.pk}/comments/").json()["results"]
    assert thread[0]["body"] == "" and thread[0]["hidden"] is True
    assert api_as(coordinator).get("/api/v1/moderation/flags/").json()["count"] == 0
    public_idea.refresh_from_db()
    assert public_idea.comment_count == 0
    assert citizen.notifications.filter(kind="hidden").count() == 1

    shown = api_as(coordinator).delete(f"/api/v1/comments/{comment.pk}/hide/")
    assert shown.status_code == 200 and shown.json()["body"] == "Ring 070-123 45 67"


def test_staff_moderate_and_dismiss_flags(
    api_as, outsider: User, staff: User, comment: Comment
) -> None:
    flag(api_as, outsider, comment)
    assert api_as(staff).get("/api/v1/moderation/flags/").json()["count"] == 1
    response = api_as(staff).post(f"/api/v1/comments/{comment.pk}/dismiss-flags/")
    assert response.status_code == 200 and response.json() == {"dismissed": 1}
    assert api_as(staff).get("/api/v1/moderation/flags/").json()["count"] == 0


def test_members_citizens_and_other_coordinators_cannot_hide(
    api_as, colleague: User, citizen: User, outsider: User, krokom, comment: Comment
) -> None:
    from tests import factories

    krokom_coordinator = factories.user(
        email="coord@krokom.example", organisation=krokom, role="coordinator"
    )
    for user in (colleague, citizen, outsider, krokom_coordinator):
        response = api_as(user).post(
            f"/api/v1/comments/{comment.pk}/hide/", {"reason": "x"}, format="json"
        )
        assert response.status_code == 403, user.email
        assert api_as(user).post(f"/api/v1/comments/{comment.pk}/dismiss-flags/").status_code == 403
    assert api_as(None).post(f"/api/v1/comments/{comment.pk}/hide/").status_code == 401


def test_queue_is_refused_to_non_moderators_and_empty_for_other_organisations(
    api_as, citizen: User, outsider: User, krokom, comment: Comment
) -> None:
    from tests import factories

    flag(api_as, outsider, comment)
    assert api_as(citizen).get("/api/v1/moderation/flags/").status_code == 403
    assert api_as(None).get("/api/v1/moderation/flags/").status_code == 401
    krokom_coordinator = factories.user(
        email="coord@krokom.example", organisation=krokom, role="coordinator"
    )
    assert api_as(krokom_coordinator).get("/api/v1/moderation/flags/").json()["count"] == 0


def test_flag_notifies_the_owning_organisations_coordinators(
    api_as, outsider: User, coordinator: User, org_admin: User, comment: Comment
) -> None:
    flag(api_as, outsider, comment)
    assert coordinator.notifications.filter(kind="flag").count() == 1
    assert org_admin.notifications.filter(kind="flag").count() == 1
