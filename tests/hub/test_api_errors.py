"""The API answers in JSON with a message a person can act on, for every kind of mistake."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_api_path_is_a_json_404(api) -> None:
    response = api.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "/api/docs/" in response.json()["detail"]


def test_api_path_without_trailing_slash_redirects_reads(api) -> None:
    response = api.get("/api/v1/organisations", {"kind": "region"})
    assert response.status_code == 301
    assert response["Location"] == "/api/v1/organisations/?kind=region"


def test_api_write_without_trailing_slash_names_the_right_path(api) -> None:
    response = api.post("/api/v1/auth/token", {"email": "a@b.se", "password": "x"}, format="json")
    assert response.status_code == 404
    assert "/api/v1/auth/token/" in response.json()["detail"]


def test_page_not_found_uses_the_site_layout(client) -> None:
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()
    assert b'class="skip-link"' in response.content


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/prototypes/abc/",
        "/api/v1/test-rounds/null,null/",
        "/api/v1/test-rounds/1.5/summary/",
        "/api/v1/findings/%23x/",
        "/api/v1/ideas/x%0Ay/",
    ],
)
def test_non_numeric_or_odd_ids_are_a_json_404_not_a_500(api, path) -> None:
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_a_failed_csrf_check_on_the_api_is_json(owner) -> None:
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    response = browser.post("/api/v1/ideas/", {"title": "x"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    response = browser.post("/api/v1/no-such-thing/", {}, content_type="application/json")
    assert response.status_code == 404, "an unknown API path is a 404 whatever the CSRF state"


def test_a_failed_csrf_check_on_a_page_shows_our_403_page(owner) -> None:
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(owner)
    response = browser.post("/ideer/ny/", {"title": "x"})
    assert response.status_code == 403
    assert b'<main id="main"' in response.content


def test_the_api_takes_json_and_names_the_media_type_it_refuses(api, owner) -> None:
    api.force_authenticate(owner)
    response = api.post(
        "/api/v1/ideas/", "kind=activity", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415
    assert "application/x-www-form-urlencoded" in response.json()["detail"]


def test_every_operation_documents_its_error_responses(api) -> None:
    schema = api.get("/api/schema/?format=json").json()
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            for status in ("400", "401", "404", "429"):
                assert status in operation["responses"], f"{method.upper()} {path}: {status}"
            if method in ("post", "patch", "put", "delete"):
                assert "403" in operation["responses"], f"{method.upper()} {path}: 403"
    assert schema["components"]["schemas"]["Error"]["required"] == ["detail"]


def test_optional_urls_and_emails_may_be_blank_in_the_schema(api) -> None:
    schema = api.get("/api/schema/?format=json").json()
    repository = schema["components"]["schemas"]["Idea"]["properties"]["repository_url"]
    assert repository["anyOf"] == [{"format": "uri"}, {"maxLength": 0}]


def test_writes_are_limited_per_user_with_a_429_that_says_when_to_retry(
    api, owner, outsider, settings
) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "write": "3/minute",
        },
    }
    api.force_authenticate(owner)
    codes = [api.post("/api/v1/ideas/", {}, format="json").status_code for _ in range(4)]
    assert codes == [400, 400, 400, 429]
    throttled = api.post("/api/v1/ideas/", {}, format="json")
    assert "Retry-After" in throttled
    assert throttled.json()["detail"]
    assert api.get("/api/v1/ideas/").status_code == 200, "reads are not counted as writes"
    api.force_authenticate(outsider)
    assert api.post("/api/v1/ideas/", {}, format="json").status_code == 400, "per user"


def test_an_id_too_large_for_the_database_is_a_400_not_a_500(api, owner) -> None:
    api.force_authenticate(owner)
    response = api.post(
        "/api/v1/me/notifications/read/", {"ids": [17410522813996428762808320]}, format="json"
    )
    assert response.status_code == 400
    assert "ids" in response.json()
