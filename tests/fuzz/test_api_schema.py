"""Fuzzing: schemathesis drives every operation in the project's own OpenAPI schema
(/api/schema/) against a real Daphne, as an anonymous visitor and as a signed-in member
of a municipality. No response may be a 5xx, and every response (status code, content
type, body, headers) must match what the schema promises.

The number of generated examples per operation is bounded by FUZZ_EXAMPLES (default 20),
so the whole run stays within a few minutes; `make test` runs it in its own pass.
"""

from __future__ import annotations

import json
import os
import urllib.parse
import urllib.request
from typing import Any

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, Phase, assume, settings
from schemathesis.checks import (
    content_type_conformance,
    ignored_auth,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.live import LiveSite

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))

# What the API promises: never a 5xx; status codes, content types, bodies and headers as the
# schema documents them; authentication enforced wherever the schema says it is required.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    ignored_auth,
]

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis directory in the work tree
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def _project_schema() -> dict[str, Any]:
    """The schema /api/schema/ serves, generated in-process at collection time so that every
    operation becomes its own test item (schemathesis' lazy fixture loader does not work with
    pytest 9)."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    return dict(json.loads(OpenApiJsonRenderer().render(document)))


PROJECT_SCHEMA = _project_schema()
schema = schemathesis.openapi.from_dict(PROJECT_SCHEMA)


@pytest.fixture(scope="session")
def member_tokens(live_site: LiveSite) -> list[str]:
    """API tokens of fresh members of Skellefteå kommun, one per fuzzed operation: fuzzing may
    delete the caller's account (DELETE /api/v1/me/), so no operation inherits another's."""
    output = live_site.shell(
        "from accounts.models import Organisation, Membership, User\n"
        "from allauth.account.models import EmailAddress\n"
        "from accounts.services import api_token_create\n"
        "skelleftea = Organisation.objects.get(slug='skelleftea')\n"
        f"for n in range({len(PROJECT_SCHEMA['paths']) * 6}):\n"
        "    email = f'fuzz-{n}@skelleftea.example'\n"
        "    user = User.objects.create_user(email, None, display_name=f'Fuzz {n}')\n"
        "    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)\n"
        "    Membership.objects.create(user=user, organisation=skelleftea, role='member')\n"
        "    print(api_token_create(user=user)[1])\n"
    )
    return output.split()


@pytest.fixture
def member_headers(member_tokens: list[str]) -> dict[str, str]:
    return {"Authorization": f"Token {member_tokens.pop()}"}


def test_the_fuzzed_schema_is_the_one_the_site_serves(live_site: LiveSite) -> None:
    with urllib.request.urlopen(f"{live_site.url}/api/schema/?format=json", timeout=10) as response:  # noqa: S310
        served = json.load(response)
    assert served["paths"] == PROJECT_SCHEMA["paths"]
    assert served["components"] == PROJECT_SCHEMA["components"]


# Request lines longer than this are out of the API's contract: a deployment's proxy
# refuses them (nginx: 8 KB by default) and Daphne itself closes the connection without an
# answer above 16 KB (Twisted's line limit). Generated requests beyond it are replaced by
# others (hypothesis.assume), not counted as passed.
MAX_REQUEST_LINE = 8_000


def _within_request_line_limit(case: Any) -> None:
    query = urllib.parse.urlencode(case.query or {}, doseq=True)
    assume(len(case.formatted_path) + 1 + len(query) <= MAX_REQUEST_LINE)


@schema.parametrize()
@FUZZ_SETTINGS
def test_anonymous_requests_never_fail_and_match_the_schema(case: Any, live_site: LiveSite) -> None:
    _within_request_line_limit(case)
    case.call_and_validate(base_url=live_site.url, checks=CHECKS)


@schema.parametrize()
@FUZZ_SETTINGS
def test_member_requests_never_fail_and_match_the_schema(
    case: Any, live_site: LiveSite, member_headers: dict[str, str]
) -> None:
    _within_request_line_limit(case)
    case.call_and_validate(base_url=live_site.url, headers=member_headers, checks=CHECKS)
