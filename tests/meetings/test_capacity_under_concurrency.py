"""200 people registering for one meeting at the same moment never overbook it, nor does the
team raising its places while people register.

Real threads and real transactions: on PostgreSQL the meeting's row lock
(select_for_update) queues them; on SQLite the IMMEDIATE transactions do. As in
tests/prototypes/test_capacity_under_concurrency.py, the race is run on the service (the
code path the API and the pages share), and a thread retries when pytest-django's in-memory
SQLite answers "database table is locked" at once instead of waiting.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest
from django.db import OperationalError, connection

from meetings import services
from meetings.models import Registration
from tests import factories
from tests.meetings.conftest import make_dialogue, make_meeting


def _race(meeting, users) -> list[str]:  # type: ignore[no-untyped-def]
    barrier = threading.Barrier(len(users))
    outcomes: list[str] = []
    lock = threading.Lock()

    def register(user) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            for _attempt in range(2000):
                try:
                    registration = services.meeting_register(
                        user=user, meeting=meeting, consent=True
                    )
                except OperationalError as error:
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.01)
                    continue
                with lock:
                    outcomes.append(registration.status)
                return
            with lock:
                outcomes.append("gave up waiting for the database")
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(user,)) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_200_people_registering_at_once_never_overbook_a_meeting() -> None:
    krokom = factories.organisation("krokom")
    team = factories.user(email="team@krokom.example", organisation=krokom)
    dialogue = make_dialogue(organisation=krokom, created_by=team)
    meeting = make_meeting(dialogue=dialogue, actor=team, capacity=25)
    people = [factories.user(email=f"racer{i}@example.org") for i in range(200)]

    outcomes = _race(meeting, people)

    assert Counter(outcomes) == {"registered": 25, "waitlisted": 175}
    rows = Registration.objects.filter(meeting=meeting)
    assert rows.filter(status="registered").count() == 25
    assert rows.filter(status="waitlisted").count() == 175
    # Queue places and pseudonym numbers were handed out once each, with no gaps.
    assert sorted(rows.values_list("position", flat=True)) == list(range(1, 201))
    assert sorted(rows.values_list("number", flat=True)) == list(range(1, 201))
    # The 25 places went to the first 25 in the queue.
    registered = sorted(rows.filter(status="registered").values_list("position", flat=True))
    assert registered == list(range(1, 26))


@pytest.mark.django_db(transaction=True)
def test_raising_the_capacity_while_people_register_never_overbooks_or_skips_the_queue() -> None:
    krokom = factories.organisation("krokom")
    team = factories.user(email="team@krokom.example", organisation=krokom)
    dialogue = make_dialogue(organisation=krokom, created_by=team)
    meeting = make_meeting(dialogue=dialogue, actor=team, capacity=10)
    people = [factories.user(email=f"racer{i}@example.org") for i in range(60)]
    raised: list[int] = []

    errors: list[BaseException] = []

    def retrying(action):  # type: ignore[no-untyped-def]
        # In-memory SQLite answers "database table is locked" to readers too.
        for _attempt in range(2000):
            try:
                return action()
            except OperationalError as error:
                if "locked" not in str(error):
                    raise
                time.sleep(0.01)
        raise AssertionError("gave up waiting for the database")

    def raise_capacity() -> None:
        try:
            # Once the ten places are taken and people queue, while others still register.
            for _wait in range(6000):
                if retrying(Registration.objects.filter(meeting=meeting).count) >= 12:
                    break
                time.sleep(0.005)
            retrying(lambda: services.meeting_update(actor=team, meeting=meeting, capacity=30))
            raised.append(30)
        except BaseException as error:  # reported by the assertion below, not lost in a thread
            errors.append(error)
        finally:
            connection.close()

    raiser = threading.Thread(target=raise_capacity)
    raiser.start()
    outcomes = _race(meeting, people)
    raiser.join(timeout=300)

    assert errors == [] and raised == [30]
    assert len(outcomes) == 60 and set(outcomes) <= {"registered", "waitlisted"}
    rows = Registration.objects.filter(meeting=meeting)
    # Exactly the new capacity has a place, and the places are the first 30 in the queue:
    # the raise moved the first ones waiting up, and later arrivals took the rest.
    registered = sorted(rows.filter(status="registered").values_list("position", flat=True))
    assert registered == list(range(1, 31))
    assert rows.filter(status="waitlisted").count() == 30
