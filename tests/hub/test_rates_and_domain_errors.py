"""Every limit is written one way (hub/rates.py), and the API translates the services'
"too many" and "search unavailable" in one place (hub/api/exceptions.py)."""

from __future__ import annotations

import pytest

from hub.api.exceptions import exception_handler
from hub.rates import RateLimited, parse_rate
from search.backends.errors import SearchUnavailable


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        ("10/60", (10, 60)),
        ("600/m", (600, 60)),
        ("5/5m", (5, 300)),
        ("20/minute", (20, 60)),
        ("1/h", (1, 3600)),
        ("2/d", (2, 86400)),
        ("30/30s", (30, 30)),
        ("0/60", (0, 60)),
    ],
)
def test_every_rate_reads_as_a_count_per_number_of_seconds(rate, expected) -> None:
    assert parse_rate(rate) == expected


@pytest.mark.parametrize("rate", ["10", "10/", "ten/m", "10/5x", "10/0", "10/m/ip"])
def test_a_mistyped_rate_is_refused_with_the_forms_it_takes(rate) -> None:
    with pytest.raises(ValueError, match="Unknown rate"):
        parse_rate(rate)


@pytest.mark.django_db
def test_an_api_limit_written_like_the_sign_in_limits_is_obeyed(api, owner, settings) -> None:
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            **settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
            "write": "2/5m",
        },
    }
    api.force_authenticate(owner)
    codes = [api.post("/api/v1/ideas/", {}, format="json").status_code for _ in range(3)]
    assert codes == [400, 400, 429]
    throttled = api.post("/api/v1/ideas/", {}, format="json")
    assert 60 < int(throttled["Retry-After"]) <= 300


def test_a_rate_limited_service_answers_429_with_when_to_retry() -> None:
    response = exception_handler(RateLimited("Wait a little and try again.", 42), {})
    assert response is not None
    assert response.status_code == 429
    assert response["Retry-After"] == "42"
    assert str(response.data["detail"]).startswith("Wait a little and try again.")


def test_an_unreachable_search_engine_answers_503_with_a_message() -> None:
    response = exception_handler(SearchUnavailable("connection refused"), {})
    assert response is not None
    assert response.status_code == 503
    assert response.data["detail"] and "connection refused" not in str(response.data["detail"])
