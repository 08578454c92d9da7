"""The site's own 404 and 500 pages, with DEBUG off as `make run` and a deployment serve
them: the site's layout, both languages, a way back, and nothing from the error itself."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import path

from hub.urls import urlpatterns as site_urlpatterns


def fails(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


# The site's own URLs, and one view that fails (for the 500 tests only).
urlpatterns = [path("fails-for-the-test/", fails), *site_urlpatterns]


@pytest.fixture(autouse=True)
def _debug_off(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False


def footer(body: str) -> str:
    return body.split('<footer class="site-footer">', 1)[1]


@pytest.mark.django_db
def test_a_missing_page_is_the_sites_own_404_in_swedish(client) -> None:
    response = client.get("/ingen-sadan-sida/")
    body = response.content.decode()
    assert response.status_code == 404
    assert 'lang="sv"' in body
    assert "<h1>Sidan finns inte</h1>" in body
    assert 'class="site-header"' in body
    assert '<a href="/">Gå till startsidan</a>' in body
    assert 'href="/sok/"' in body
    assert 'href="/integritet/"' in footer(body)
    assert "URLconf" not in body


@pytest.mark.django_db
def test_a_missing_page_is_the_sites_own_404_in_english(client) -> None:
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 404
    assert 'lang="en"' in body
    assert "<h1>Page not found</h1>" in body
    assert '<a href="/">Go to the home page</a>' in body


@pytest.mark.django_db
def test_a_hidden_or_missing_object_gets_the_same_404_page(client) -> None:
    body = client.get("/ideer/999999/").content.decode()
    assert "<h1>Sidan finns inte</h1>" in body


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_a_failing_view_shows_the_500_page_in_both_languages_with_a_way_back(client) -> None:
    client.raise_request_exception = False
    response = client.get("/fails-for-the-test/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Något gick fel</h1>" in body
    assert "Something went wrong" in body
    assert 'class="site-header"' in body
    assert '<a href="/">Till startsidan</a>' in body
    assert 'href="/integritet/"' in footer(body)
    assert 'href="/tillganglighet/"' in footer(body)
    assert "RuntimeError" not in body
    assert "a bug in a view" not in body
