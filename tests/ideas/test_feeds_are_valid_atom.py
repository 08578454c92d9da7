"""The Atom feeds are valid Atom (RFC 4287): checked by parsing the XML against the elements
the RFC requires of a feed and of each entry.

- atom:feed: exactly one atom:id (an IRI), atom:title and atom:updated; one or more
  atom:author unless every entry has one (section 4.1.1).
- atom:entry: exactly one atom:id (an IRI), atom:title and atom:updated (4.1.2); without
  atom:content at least one atom:link with rel="alternate".
- atom:id is a permanent, universally unique IRI (4.2.6): here the absolute address built
  from the configured SITE_URL, whatever host the feed was fetched through.
- atom:updated is an RFC 3339 date-time (3.3).
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from ideas import services

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://delahub.example.se"
FEEDS = ["/feeds/ideas/", "/feeds/stages/"]


@pytest.fixture(autouse=True)
def _site_url(settings) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = SITE_URL


def _feed(client, path: str) -> ElementTree.Element:  # type: ignore[no-untyped-def]
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ElementTree.fromstring(response.content)  # noqa: S314 - our own feed


def _only(element: ElementTree.Element, name: str) -> str:
    """The text of the one child `name`; fails when there is none or several."""
    found = element.findall(f"{ATOM}{name}")
    assert len(found) == 1, (name, [ElementTree.tostring(e) for e in found])
    return found[0].text or ""


def _assert_is_an_absolute_iri(value: str) -> None:
    parts = urlsplit(value)
    assert parts.scheme in {"http", "https", "tag"}, value
    if parts.scheme != "tag":
        assert parts.netloc, value


def _assert_is_rfc3339(value: str) -> None:
    # RFC 3339 needs the offset ("Z" or "+01:00"); fromisoformat reads both.
    parsed = datetime.fromisoformat(value)
    assert parsed.tzinfo is not None, value
    assert "T" in value, value


def _assert_valid_atom(root: ElementTree.Element) -> None:
    assert root.tag == f"{ATOM}feed"
    _assert_is_an_absolute_iri(_only(root, "id"))
    assert _only(root, "title")
    _assert_is_rfc3339(_only(root, "updated"))
    entries = root.findall(f"{ATOM}entry")
    if not root.findall(f"{ATOM}author"):
        assert entries and all(e.findall(f"{ATOM}author") for e in entries)
    ids = []
    for entry in entries:
        entry_id = _only(entry, "id")
        _assert_is_an_absolute_iri(entry_id)
        ids.append(entry_id)
        assert _only(entry, "title")
        _assert_is_rfc3339(_only(entry, "updated"))
        if entry.find(f"{ATOM}content") is None:
            alternates = [
                link
                for link in entry.findall(f"{ATOM}link")
                if link.get("rel", "alternate") == "alternate"
            ]
            assert alternates, ElementTree.tostring(entry)
    assert len(ids) == len(set(ids)), ids


@pytest.mark.parametrize("path", FEEDS)
def test_an_empty_feed_is_valid_atom_with_an_author_of_its_own(client, path):
    root = _feed(client, path)
    assert root.findall(f"{ATOM}entry") == []
    _assert_valid_atom(root)
    assert root.find(f"{ATOM}author/{ATOM}name").text  # type: ignore[union-attr]


def test_idea_feed_entries_have_an_updated_date_and_an_id_built_from_the_site_url(
    client, public_idea, make_idea
):
    second = make_idea(title="Aktiva seniorer")
    root = _feed(client, "/feeds/ideas/")
    _assert_valid_atom(root)
    entries = root.findall(f"{ATOM}entry")
    assert [_only(e, "id") for e in entries] == [
        f"{SITE_URL}/ideer/{second.pk}/",
        f"{SITE_URL}/ideer/{public_idea.pk}/",
    ]


def test_stage_feed_entries_have_an_updated_date_and_an_id_that_is_a_uri(
    client, public_idea, owner
):
    change = services.idea_change_stage(
        actor=owner, idea=public_idea, stage="prototype", note="Klart"
    )
    root = _feed(client, "/feeds/stages/")
    _assert_valid_atom(root)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2  # the start and the move
    assert _only(entries[0], "id") == f"{SITE_URL}/ideer/{public_idea.pk}/#stage-{change.pk}"
    assert datetime.fromisoformat(_only(entries[0], "updated")) == change.changed_at


def test_entry_ids_do_not_depend_on_the_host_the_feed_was_fetched_through(client, public_idea):
    through_one = _only(_feed(client, "/feeds/ideas/").find(f"{ATOM}entry"), "id")  # type: ignore[arg-type]
    response = client.get("/feeds/ideas/", HTTP_HOST="localhost")
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
    assert _only(root.find(f"{ATOM}entry"), "id") == through_one  # type: ignore[arg-type]


def test_the_two_feeds_have_different_ids(client):
    ideas = _only(_feed(client, "/feeds/ideas/"), "id")
    stages = _only(_feed(client, "/feeds/stages/"), "id")
    assert ideas != stages
    assert ideas == f"{SITE_URL}/feeds/ideas/"
    assert stages == f"{SITE_URL}/feeds/stages/"
