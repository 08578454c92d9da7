"""Where a citizen looks for a test to join, a round that is already running is not listed
under "open for sign-up": the home page shows the rounds recruiting participants, and
"Testa nya e-tjänster" lists those first, then, under a heading of their own, the rounds
under way that still take participants."""

from __future__ import annotations

import re

import pytest

from prototypes import selectors

pytestmark = pytest.mark.django_db


def sections(html: str) -> dict[str, str]:
    """The page's <h2> sections: heading text -> what follows it up to the next <h2>."""
    main = html[html.index("<main") : html.index("</main>")]
    parts = re.split(r"<h2[^>]*>(.*?)</h2>", main, flags=re.S)
    return {re.sub(r"<[^>]+>", "", parts[i]).strip(): parts[i + 1] for i in range(1, len(parts), 2)}


def test_home_lists_rounds_open_for_sign_up_and_not_running_ones(
    client, test_round, running_round
) -> None:
    section = sections(client.get("/").content.decode())["Testa nya e-tjänster"]
    assert test_round.title in section
    assert running_round.title not in section


def test_home_says_so_when_only_running_rounds_are_left(client, running_round) -> None:
    section = sections(client.get("/").content.decode())["Testa nya e-tjänster"]
    assert running_round.title not in section
    assert "Inga testomgångar är öppna för anmälan just nu." in section


def test_the_test_page_puts_running_rounds_under_their_own_heading(
    client, test_round, running_round
) -> None:
    html = client.get("/testa/").content.decode()
    found = sections(html)
    open_now = found["Öppna för anmälan"]
    under_way = found["Pågår – du kan fortfarande anmäla dig"]
    assert test_round.title in open_now and running_round.title not in open_now
    assert running_round.title in under_way and test_round.title not in under_way
    status = re.search(r'<p role="status">(.*?)</p>', html, re.S)
    assert status and " ".join(status.group(1).split()) == (
        "1 testomgång öppen för anmälan, 1 pågår"
    )


def test_open_rounds_come_before_running_ones_whatever_their_dates(
    owner, prototype, test_round, running_round
) -> None:
    from django.utils import timezone

    test_round.starts_at = timezone.now() + timezone.timedelta(days=30)
    test_round.save(update_fields=["starts_at"])
    running_round.starts_at = timezone.now() - timezone.timedelta(days=3)
    running_round.save(update_fields=["starts_at"])
    assert list(selectors.open_rounds(owner)) == [test_round, running_round]
    assert list(selectors.recruiting_rounds(owner)) == [test_round]
