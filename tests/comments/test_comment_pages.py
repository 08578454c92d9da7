"""The thread on the idea page and the comment pages, without JavaScript (test client)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from comments import moderation, services
from comments.models import Comment
from ideas.models import Idea

pytestmark = pytest.mark.django_db


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_idea_page_shows_the_thread_two_levels_deep_with_a_quote_link(
    public_idea: Idea, owner: User, citizen: User
) -> None:
    top = services.comment_create(author=owner, idea=public_idea, body="Fråga om **tjänsten**")
    reply = services.comment_create(author=citizen, idea=public_idea, body="Svar", parent=top)
    deeper = services.comment_create(author=owner, idea=public_idea, body="Svar två", parent=reply)
    html = client_for(None).get(public_idea.get_absolute_url()).content.decode()
    assert "<strong>tjänsten</strong>" in html
    assert f'id="comment-{deeper.pk}"' in html
    assert f'href="#comment-{reply.pk}" class="reply-to"' in html
    assert 'data-ws-path="/ws/ideas/' in html
    assert "comments.js" in html
    assert "Logga in för att kommentera" in html  # anonymous: no form, a sign-in link


def test_form_posts_without_javascript_and_returns_to_the_comment(
    public_idea: Idea, citizen: User
) -> None:
    response = client_for(citizen).post(
        f"/ideer/{public_idea.pk}/kommentarer/", {"body": "Utan JavaScript"}
    )
    comment = Comment.objects.get(idea=public_idea)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{comment.pk}")
    assert comment.body == "Utan JavaScript"


def test_empty_form_shows_the_error_and_keeps_nothing(public_idea: Idea, citizen: User) -> None:
    response = client_for(citizen).post(f"/ideer/{public_idea.pk}/kommentarer/", {"body": ""})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert not Comment.objects.exists()


def test_commenting_too_fast_on_the_page_says_how_long_to_wait(
    public_idea: Idea, citizen: User, settings: Any
) -> None:
    settings.COMMENT_RATE_LIMIT = "2/60"
    client = client_for(citizen)
    for n in range(2):
        assert (
            client.post(f"/ideer/{public_idea.pk}/kommentarer/", {"body": f"Nr {n}"}).status_code
            == 302
        )
    response = client.post(f"/ideer/{public_idea.pk}/kommentarer/", {"body": "En till"})
    assert response.status_code == 200
    assert "Du kommenterar för snabbt" in response.content.decode()
    assert Comment.objects.filter(idea=public_idea).count() == 2


def test_reply_edit_delete_and_flag_pages(public_idea: Idea, owner: User, citizen: User) -> None:
    top = services.comment_create(author=owner, idea=public_idea, body="Fråga")
    citizen_client = client_for(citizen)
    base = f"/ideer/{public_idea.pk}/kommentarer/"
    assert citizen_client.get(f"{base}{top.pk}/svara/").status_code == 200
    citizen_client.post(f"{base}{top.pk}/svara/", {"body": "Svar"})
    reply = Comment.objects.get(parent=top)
    citizen_client.post(f"{base}{reply.pk}/redigera/", {"body": "Nytt svar"})
    reply.refresh_from_db()
    assert reply.body == "Nytt svar" and reply.edited_at
    assert citizen_client.get(f"{base}{top.pk}/redigera/").status_code == 403
    citizen_client.post(f"{base}{top.pk}/flagga/", {"reason": "Fel fakta"})
    assert top.flags.count() == 1
    citizen_client.post(f"{base}{reply.pk}/radera/")
    reply.refresh_from_db()
    assert reply.deleted


def test_outsider_gets_404_on_comment_pages_of_an_organisation_idea(
    organisation_idea: Idea, owner: User, outsider: User
) -> None:
    comment = services.comment_create(author=owner, idea=organisation_idea, body="Internt")
    client = client_for(outsider)
    base = f"/ideer/{organisation_idea.pk}/kommentarer/"
    for path in ("", f"{comment.pk}/svara/", f"{comment.pk}/flagga/", f"{comment.pk}/dolj/"):
        assert client.get(base + path).status_code == 404, path
    assert client.post(base, {"body": "Hej"}).status_code == 404


def test_moderation_page_for_coordinators_only(
    public_idea: Idea, citizen: User, outsider: User, coordinator: User
) -> None:
    comment = services.comment_create(author=citizen, idea=public_idea, body="Spam spam")
    moderation.flag(actor=outsider, target=comment, reason="Reklam")
    assert client_for(citizen).get("/moderering/").status_code == 403
    page = client_for(coordinator).get("/moderering/")
    assert page.status_code == 200 and "Reklam" in page.content.decode()
    client_for(coordinator).post(
        f"/ideer/{public_idea.pk}/kommentarer/{comment.pk}/dolj/", {"reason": "Reklam"}
    )
    comment.refresh_from_db()
    assert comment.hidden
    html = client_for(None).get(public_idea.get_absolute_url()).content.decode()
    assert "Spam spam" not in html and "En moderator har dolt kommentaren." in html


def test_hiding_returns_to_a_page_on_this_site_never_elsewhere(
    public_idea: Idea, citizen: User, coordinator: User
) -> None:
    comment = services.comment_create(author=citizen, idea=public_idea, body="Reklam här")
    path = f"/ideer/{public_idea.pk}/kommentarer/{comment.pk}/dolj/"
    moderator = client_for(coordinator)
    away = moderator.post(path, {"reason": "Reklam", "next": "https://evil.example/phish"})
    assert away.status_code == 302
    assert away["Location"] == public_idea.get_absolute_url()
    moderation.unhide(actor=coordinator, target=comment)
    back = moderator.post(path, {"reason": "Reklam", "next": "/moderering/"})
    assert back["Location"] == "/moderering/"


def test_a_heading_in_a_comment_sits_one_level_under_the_threads_heading(
    public_idea: Idea, citizen: User
) -> None:
    comment = services.comment_create(author=citizen, idea=public_idea, body="## Förslag\n\nText")
    assert comment.body_html.startswith("<h3>Förslag</h3>")
    html = client_for(None).get(public_idea.get_absolute_url()).content.decode()
    assert "<h2" in html.split("<h3>Förslag</h3>")[0], "the thread's h2 comes before it"
