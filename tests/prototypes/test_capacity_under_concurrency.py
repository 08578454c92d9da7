"""Two people taking the last place at the same moment: exactly one gets it.

Runs against the real database with real transactions (PostgreSQL: select_for_update
row lock; SQLite: IMMEDIATE transactions queue the writers).

pytest-django's SQLite test database is in memory with a shared cache, where a second
writer is refused at once with "database table is locked" instead of waiting for the busy
timeout as the on-disk database does; the threads retry then, as the busy handler would.
The race is run on the service (the code path the API and the pages share) rather than
through the test client: on that in-memory database a request's reads outside the
transaction can also be refused, and Django keeps the in-memory connection open after a
failed commit, which a retry cannot recover from. The HTTP answer to a full round is
tested in test_participation_api.py.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connection

from prototypes import services
from prototypes.models import Participation
from tests import factories


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_sign_ups_for_the_last_place_give_one_participant() -> None:
    skelleftea = factories.organisation("skelleftea")
    owner = factories.user(email="owner@skelleftea.example", organisation=skelleftea)
    idea = factories.idea(organisation=skelleftea, created_by=owner, visibility="public")
    prototype = factories.prototype(idea=idea, created_by=owner)
    last_place = factories.test_round(prototype=prototype, created_by=owner, capacity=2)
    first = factories.user(email="first@example.org")
    services.participation_create(user=first, test_round=last_place, consent=True)
    racers = [factories.user(email=f"racer{i}@example.org") for i in range(2)]

    barrier = threading.Barrier(len(racers))
    outcomes: list[str] = []

    def sign_up(user) -> None:  # type: ignore[no-untyped-def]
        barrier.wait()
        try:
            for _attempt in range(200):
                try:
                    services.participation_create(user=user, test_round=last_place, consent=True)
                    outcomes.append("joined")
                    return
                except ValidationError as error:
                    outcomes.append(" ".join(error.messages))
                    return
                except OperationalError as error:
                    if "locked" not in str(error):
                        raise
                    time.sleep(0.02)
            outcomes.append("gave up waiting for the database")
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["Omgången är full; alla platser är tagna.", "joined"]
    assert Participation.objects.filter(round=last_place).count() == 2
    assert sorted(Participation.objects.values_list("number", flat=True)) == [1, 2]


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_a_second_participation_for_the_same_person() -> None:
    from django.db import IntegrityError

    skelleftea = factories.organisation("skelleftea")
    owner = factories.user(email="owner@skelleftea.example", organisation=skelleftea)
    idea = factories.idea(organisation=skelleftea, created_by=owner, visibility="public")
    test_round = factories.test_round(
        prototype=factories.prototype(idea=idea, created_by=owner), created_by=owner
    )
    person = factories.user(email="twice@example.org")
    services.participation_create(user=person, test_round=test_round, consent=True)
    with pytest.raises(IntegrityError):
        Participation.objects.create(
            round=test_round,
            user=person,
            number=99,
            consent_version=1,
            consented_at=test_round.created_at,
        )
