"""Open data: CSV and JSON exports of public ideas, Atom feeds, publiccode.yml."""

from __future__ import annotations

import csv
import io
from xml.etree import ElementTree

import pytest
import yaml

from ideas import services

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_csv_export_holds_public_ideas_only(api, public_idea, organisation_idea, draft_idea):
    response = api.get("/api/v1/ideas/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
    assert [int(r["id"]) for r in rows] == [public_idea.pk]
    assert rows[0]["organisation"] == "skelleftea"
    assert rows[0]["tags"] == "e-tjänst"
    assert rows[0]["url"].endswith(f"/ideer/{public_idea.pk}/")


def test_csv_cells_cannot_start_a_spreadsheet_formula(api, make_idea):
    make_idea(title='=HYPERLINK("http://evil")')
    rows = list(csv.DictReader(io.StringIO(api.get("/api/v1/ideas/export.csv").content.decode())))
    assert rows[0]["title"].startswith("'=")


def test_open_data_csv_neutralises_formulas_behind_whitespace(api, api_as, owner):
    # Results and lessons learned keep their whitespace as written (titles and summaries are
    # normalised), so a member can start them with a line break or spaces before a formula.
    cells = {
        "Seniorer": ("\n=cmd|' /C calc'!A0", " =1+1"),
        "Kalkyl": ("\t@SUM(A1)", "  -2+3"),
    }
    for title, (results, lessons) in cells.items():
        data = {"kind": "activity", "title": title, "results": results, "lessons_learned": lessons}
        response = api_as(owner).post("/api/v1/ideas/", data)
        assert response.status_code == 201, response.content

    body = api.get("/api/v1/ideas/export.csv").content.decode("utf-8")
    rows = {r["title"]: r for r in csv.DictReader(io.StringIO(body))}
    assert rows.keys() == cells.keys()
    for title, (results, lessons) in cells.items():
        assert rows[title]["results"] == "'" + results
        assert rows[title]["lessons_learned"] == "'" + lessons
    for row in rows.values():
        for value in row.values():
            assert value.lstrip()[:1] not in {"=", "+", "-", "@"}, row


def test_json_export_holds_public_ideas_only_even_for_members(
    api_as, public_idea, organisation_idea, colleague
):
    response = api_as(colleague).get("/api/v1/ideas/export.json")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["ideas"][0]["title"] == public_idea.title
    assert body["ideas"][0]["tags"] == ["e-tjänst"]


def test_exports_take_the_list_filters(api, make_idea):
    make_idea(title="A", kind="activity")
    make_idea(title="B")
    assert api.get("/api/v1/ideas/export.json?kind=activity").json()["count"] == 1
    assert api.get("/api/v1/ideas/export.json?kind=nope").status_code == 400


def test_exports_answer_whatever_the_accept_header(api, public_idea):
    response = api.get("/api/v1/ideas/export.csv", HTTP_ACCEPT="text/csv")
    assert response.status_code == 200


def test_atom_feed_of_new_public_ideas(client, public_idea, organisation_idea):
    response = client.get("/feeds/ideas/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert titles == [f"{public_idea.title} ({public_idea.organisation.name})"]


def test_atom_feed_of_stage_changes_of_public_ideas(client, public_idea, organisation_idea, owner):
    services.idea_change_stage(actor=owner, idea=public_idea, stage="prototype", note="Klart")
    services.idea_change_stage(actor=owner, idea=organisation_idea, stage="insights")
    root = ElementTree.fromstring(client.get("/feeds/stages/").content)  # noqa: S314
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2  # the start and the move of the public idea
    assert "Prototyp" in entries[0].findtext(f"{ATOM}title")
    assert all("Intern" not in (e.findtext(f"{ATOM}title") or "") for e in entries)


def test_publiccode_yml_lists_the_adopters(api, make_idea, outsider, owner):
    idea = make_idea(
        title="Avfallsaffär'n",
        stage="launch",
        repository_url="https://github.com/skelleftea/avfallsaffaren",
        software_licence="EUPL-1.2",
        contact_name="Erik",
        tags=["avfall"],
    )
    services.adoption_record(actor=outsider, idea=idea, status="adopted")
    response = api.get(f"/api/v1/ideas/{idea.pk}/publiccode.yml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/yaml")
    document = yaml.safe_load(response.content)
    assert document["publiccodeYmlVersion"] == "0.4"
    assert document["name"] == "Avfallsaffär'n"
    assert document["url"] == "https://github.com/skelleftea/avfallsaffaren"
    assert document["platforms"] == ["web"]
    assert document["developmentStatus"] == "stable"
    assert document["softwareType"] == "standalone/web"
    assert document["description"]["sv"]["shortDescription"]
    assert document["legal"]["license"] == "EUPL-1.2"
    assert document["maintenance"]["type"] == "internal"
    assert document["localisation"]["availableLanguages"] == ["sv"]
    assert document["usedBy"] == [outsider.memberships.get().organisation.name]


def test_publiccode_yml_usedby_leaves_out_the_merely_interested(api, make_idea, outsider):
    idea = make_idea(repository_url="https://github.com/x/y")
    services.adoption_record(actor=outsider, idea=idea, status="interested")
    assert (
        yaml.safe_load(api.get(f"/api/v1/ideas/{idea.pk}/publiccode.yml").content)["usedBy"] == []
    )


def test_publiccode_yml_is_404_without_a_repository_or_visibility(
    api_as, public_idea, make_idea, outsider
):
    assert api_as(outsider).get(f"/api/v1/ideas/{public_idea.pk}/publiccode.yml").status_code == 404
    hidden = make_idea(repository_url="https://github.com/x/y", visibility="organisation")
    assert api_as(outsider).get(f"/api/v1/ideas/{hidden.pk}/publiccode.yml").status_code == 404
