"""Nobody may pass for the platform, its staff or a name the platform gives: display names
that name Delahub or a role of authority, the test-round pseudonyms ("Deltagare 3") and the
names of anonymous and deleted accounts are refused wherever a name is set — the API, the
my-account page, the model (and so the admin) and single sign-on."""

from __future__ import annotations

import pytest
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialLogin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from accounts.models import User
from tests import factories

pytestmark = pytest.mark.django_db

RESERVED = [
    # the platform, also spread over words, hidden by invisible or look-alike characters
    "Delahub",
    "Delahub admin",
    "delahub  SUPPORT",
    "Team Delahub",
    "DelaHub-teamet",
    "Dela hub",
    "D e l a h u b",
    "Dela\u200bhub",
    "Dela\u00adhub",
    "D\u0435lahub",  # Cyrillic е
    "D\u0395LAHUB",  # Greek capital Epsilon
    "\uff24\uff45\uff4c\uff41\uff48\uff55\uff42",  # full-width letters
    "\U0001d403\U0001d41e\U0001d425\U0001d41a\U0001d421\U0001d42e\U0001d41b",  # bold maths
    "DeIahub",  # capital I for l
    "Déláhüb",
    # roles of authority, as words
    "Admin",
    "ADMIN",
    "\u0410dmin",  # Cyrillic А
    "Adm1n",
    "Adrnin",
    "Administratör",
    "administrator",
    "Moderator",
    "Anna (moderator)",
    "Erik – admin",
    "Support",
    "Kundtjänst",
    "Personal",
    "Staff",
    "Platform staff",
    # generated pseudonyms of test rounds, any number, spacing and case
    "Deltagare 3",
    "deltagare3",
    "DELTAGARE   12",
    "Deltägare 7",
    "Deltagare nr 4",
    "Deltagare",
    "Participant 3",
    "participant #42",
    "\u0440articipant 5",  # Cyrillic р
    # names of anonymous and deleted accounts, both languages
    "Borttagen användare",
    "borttagen  anvandare",
    "BORTTAGEN\u00a0ANVÄNDARE",
    "Deleted user",
    "Deleted\tUser",
    "Anonym användare",
    "Anonymous user",
]

ACCEPTED = [
    "Adminah Svensson",
    "Stafford",
    "Erik Nilsson",
    "Åsa Öberg-Lind",
    "Adela Hubert",
    "Ingrid Ilse",
    "Rob Service",
    "Deltagaren Maja",
    "Zoë 3",
    "李小龍",
    "Anonymia",
]


def patch_me(api_as, user: User, name: str):  # type: ignore[no-untyped-def]
    return api_as(user).patch("/api/v1/me/", {"display_name": name}, format="json")


@pytest.mark.parametrize("name", RESERVED)
def test_api_refuses_a_reserved_display_name_and_says_what_to_do(api_as, citizen, name) -> None:
    response = patch_me(api_as, citizen, name)
    assert response.status_code == 400, response.content
    message = " ".join(response.json()["display_name"])
    assert message.startswith("Välj ett annat visningsnamn: ”"), message
    assert "är reserverat" in message or "plattformen själv ger" in message, message
    citizen.refresh_from_db()
    assert citizen.display_name == "Cecilia"


@pytest.mark.parametrize("name", ACCEPTED)
def test_api_accepts_ordinary_names_also_those_close_to_a_reserved_word(
    api_as, citizen, name
) -> None:
    response = patch_me(api_as, citizen, name)
    assert response.status_code == 200, response.content
    citizen.refresh_from_db()
    assert citizen.display_name == name


def test_api_message_names_the_reserved_word(api_as, citizen) -> None:
    response = api_as(citizen).patch(
        "/api/v1/me/", {"display_name": "Delahub-support"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["display_name"] == [
        "Choose another display name: “Delahub” is reserved for the platform and its staff."
    ]
    generated = api_as(citizen).patch(
        "/api/v1/me/", {"display_name": "Deltagare 3"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert generated.json()["display_name"] == [
        "Choose another display name: “Deltagare N” is a name the platform gives, "
        "so it is reserved."
    ]


def test_api_refuses_a_name_nobody_can_see(api_as, citizen) -> None:
    response = patch_me(api_as, citizen, "\u200b\u200d\u2060")
    assert response.status_code == 400
    assert response.json()["display_name"] == [
        "Välj ett visningsnamn som syns, eller lämna fältet tomt."
    ]


def test_api_refuses_characters_that_turn_the_text_around(api_as, citizen) -> None:
    # U+202E shows "nimda" as "admin".
    response = patch_me(api_as, citizen, "\u202enimda")
    assert response.status_code == 400
    assert "textens riktning" in response.json()["display_name"][0]


def test_api_still_accepts_an_empty_name(api_as, citizen) -> None:
    response = patch_me(api_as, citizen, "")
    assert response.status_code == 200
    citizen.refresh_from_db()
    assert citizen.public_name == "Anonym användare"


def test_api_stores_a_name_with_its_spaces_tidied(api_as, citizen) -> None:
    response = patch_me(api_as, citizen, "  Erik \u00a0  Nilsson ")
    assert response.status_code == 200
    citizen.refresh_from_db()
    assert citizen.display_name == "Erik Nilsson"


def test_my_account_page_refuses_a_reserved_name_with_the_message(client, citizen) -> None:
    client.force_login(citizen)
    response = client.post("/mitt-konto/", {"display_name": "Delahub Support", "language": "sv"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Välj ett annat visningsnamn: ”Delahub” är reserverat" in page
    citizen.refresh_from_db()
    assert citizen.display_name == "Cecilia"


def test_my_account_page_accepts_an_ordinary_name(client, citizen) -> None:
    client.force_login(citizen)
    response = client.post("/mitt-konto/", {"display_name": "Stafford", "language": "sv"})
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert citizen.display_name == "Stafford"


def test_model_full_clean_refuses_a_reserved_name() -> None:
    user = User(email="x@example.se", display_name="Anonymous  user")
    with pytest.raises(ValidationError) as raised:
        user.full_clean(exclude=["password"])
    assert "display_name" in raised.value.message_dict


def test_pages_show_an_account_that_already_has_a_reserved_name(client, public_idea_with_comment):
    # Names chosen before the rule stay until the person changes them; nothing crashes.
    idea, author = public_idea_with_comment
    User.objects.filter(pk=author.pk).update(display_name="Delahub admin")
    assert client.get(f"/ideer/{idea.pk}/").status_code == 200
    client.force_login(User.objects.get(pk=author.pk))
    page = client.get("/mitt-konto/")
    assert page.status_code == 200
    assert "Delahub admin" in page.content.decode()


@pytest.fixture
def public_idea_with_comment(skelleftea):  # type: ignore[no-untyped-def]
    from comments import services

    author = factories.user(display_name="Vera")
    idea = factories.idea(organisation=skelleftea, created_by=author, visibility="public")
    services.comment_create(author=author, idea=idea, body="Hej")
    return idea, author


def sso_request():  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/accounts/oidc/skelleftea-sso/login/callback/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@pytest.fixture
def sso_provider(settings):  # type: ignore[no-untyped-def]
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "skelleftea-sso",
                    "name": "Skellefteå kommuns inloggning",
                    "client_id": "delahub",
                    "secret": "s3cret",
                    "settings": {"server_url": "https://login.skelleftea.example/realms/kommun"},
                }
            ]
        }
    }
    return get_adapter().get_provider(sso_request(), "skelleftea-sso")


def sso_user(provider, name: str) -> User:  # type: ignore[no-untyped-def]
    """The user allauth builds from the municipal IdP's user info (before saving)."""
    login: SocialLogin = provider.sociallogin_from_response(
        sso_request(), {"sub": "4711", "email": "erik.nilsson@skelleftea.example", "name": name}
    )
    return login.user


def test_single_sign_on_takes_an_ordinary_name(sso_provider) -> None:
    assert sso_user(sso_provider, "Erik Nilsson").display_name == "Erik Nilsson"


@pytest.mark.parametrize("name", ["Delahub Support", "Administratör", "Deltagare 3"])
def test_single_sign_on_leaves_a_reserved_name_empty_and_logs_it(
    sso_provider, name, caplog
) -> None:
    user = sso_user(sso_provider, name)
    assert user.display_name == ""
    assert user.public_name == "Anonym användare"
    assert "skelleftea-sso" in caplog.text and "reserved" in caplog.text
    assert "erik.nilsson@skelleftea.example" not in caplog.text
