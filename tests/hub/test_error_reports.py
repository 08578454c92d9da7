"""Error reports (the mail to ADMINS, the debug page of `make dev`) never show the
credentials in a service URL, and a visitor who meets an error sees the site's 500 page."""

from __future__ import annotations

import secrets
import sys
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.urls import path
from django.views import defaults
from django.views.debug import ExceptionReporter

# Made at run time: the debug page shows source lines around each frame, and a password
# written here would appear in it through them.
PASSWORDS = {
    name: secrets.token_urlsafe(9) for name in ("redis", "es", "cache", "layer", "db", "mq")
}


def fail_with_a_service_url_in_hand(request: HttpRequest) -> HttpResponse:
    # A local holding a service URL, as code that connects to Redis would have.
    location = django_settings.REDIS_URL
    raise RuntimeError(f"lost the connection ({len(location)})")


urlpatterns = [path("fails/", fail_with_a_service_url_in_hand)]
pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def service_urls(settings) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Settings holding URLs with passwords in every shape the project uses."""
    settings.ADMINS = [("Drift", "drift@delahub.example")]
    pw = PASSWORDS
    settings.REDIS_URL = f"redis://:{pw['redis']}@redis.internal:6379/0"
    settings.ELASTICSEARCH_URL = f"https://elastic:{pw['es']}@es.internal:9200"
    settings.CACHES = {
        **settings.CACHES,
        "spare": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"rediss://default:{pw['cache']}@cache.internal:6380/1",
        },
    }
    settings.CHANNEL_LAYERS = {
        **settings.CHANNEL_LAYERS,
        "spare": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": f"redis://:{pw['layer']}@layer.internal:6379/2"}]},
        },
    }
    settings.DELAHUB_EXTRA_SERVICES = {
        "database": (f"postgres://delahub:{pw['db']}@db.internal:5432/delahub",),
        "queues": [[f"amqp://worker:{pw['mq']}@mq.internal:5672/%2F"]],
    }
    return settings


def assert_no_password(text: str) -> None:
    for password in PASSWORDS.values():
        assert password not in text


def test_the_error_mail_holds_no_password_of_a_service_url(client, service_urls) -> None:
    client.raise_request_exception = False
    response = client.get("/fails/")
    assert response.status_code == 500
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "RuntimeError" in message.body
    assert "REDIS_URL" in message.body  # the settings are in the report...
    assert_no_password(message.subject + message.body)  # ...without their passwords
    for content, _ in getattr(message, "alternatives", []):
        assert_no_password(str(content))
    # The rest of each URL stays readable for whoever debugs.
    assert "redis.internal:6379/0" in message.body
    assert "es.internal:9200" in message.body
    assert "cache.internal:6380/1" in message.body
    assert "layer.internal:6379/2" in message.body
    assert "db.internal:5432/delahub" in message.body
    assert "mq.internal:5672" in message.body


def test_the_debug_page_holds_no_password_of_a_service_url(
    rf: RequestFactory, service_urls
) -> None:
    request = rf.get("/fails/")
    try:
        fail_with_a_service_url_in_hand(request)
    except RuntimeError:
        reporter = ExceptionReporter(request, *sys.exc_info())
    html = reporter.get_traceback_html()
    text = reporter.get_traceback_text()
    assert "ELASTICSEARCH_URL" in html
    assert "location" in html  # the frame's local variable is listed...
    for report in (html, text):
        assert_no_password(report)  # ...without the password in its value
        assert "redis.internal:6379/0" in report


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("redis://:pw1@r:6379/0", "redis://:********************@r:6379/0"),
        ("https://elastic:p@ss:w0rd@es:9200/", "https://elastic:********************@es:9200/"),
        (
            "postgres://postgres@127.0.0.1:5432/x",
            "postgres://********************@127.0.0.1:5432/x",
        ),
        (
            "redis://r:6379/0?password=pw2&db=1",
            "redis://r:6379/0?password=********************&db=1",
        ),
        ("https://es:9200/?api_key=k3y", "https://es:9200/?api_key=********************"),
        ("redis://127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
        ("http://127.0.0.1:8000/ideer/1/", "http://127.0.0.1:8000/ideer/1/"),
        ("mailto:drift@delahub.example", "mailto:drift@delahub.example"),
    ],
)
def test_credentials_in_a_url_are_replaced_and_the_rest_kept(value: str, shown: str) -> None:
    from hub.error_reports import ExceptionReporterFilter

    assert ExceptionReporterFilter().cleanse_setting("SOME_URL", value) == shown


def test_the_500_page_is_the_sites_own_and_needs_no_database_or_request(rf) -> None:
    # Django renders 500.html without a request context; no database access is allowed in
    # this test (no django_db mark), as none may be possible when the error happened.
    response = defaults.server_error(rf.get("/"))
    body = response.content.decode()
    assert response.status_code == 500
    assert 'lang="sv"' in body
    assert "Något gick fel" in body
    assert "Something went wrong" in body
    assert "/static/frontend/css/site.css" in body
    assert 'class="site-header"' in body


@pytest.mark.django_db
def test_a_visitor_who_meets_an_error_sees_the_500_page_without_details(client) -> None:
    client.raise_request_exception = False
    response = client.get("/fails/")
    body = response.content.decode()
    assert response.status_code == 500
    assert "Något gick fel" in body
    assert "RuntimeError" not in body
    assert "Traceback" not in body
