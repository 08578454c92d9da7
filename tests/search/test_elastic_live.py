"""The Elasticsearch backend against a live cluster (collected only when ELASTICSEARCH_URL is
set, see conftest.py): the behaviours the database backends show, where an engine can show
them, on documents written straight to the backend.

Each test gets its own alias (``delahub-test-<random>``) and deletes its indices afterwards,
so the suite can run against a shared cluster.
"""

from __future__ import annotations

import datetime
import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from search.backends.base import FACETS, SearchDocument, SearchQuery
from search.backends.elastic import ElasticsearchBackend

NOW = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC)
_ids = iter(range(1, 1_000_000))


def doc(title: str, body: str = "", **fields: Any) -> SearchDocument:
    """A public idea of Skellefteå unless told otherwise; each one a day older than the last."""
    pk = fields.pop("id", None) or next(_ids)
    values: dict[str, Any] = {
        "type": "idea",
        "id": pk,
        "idea_id": pk,
        "title": title,
        "summary": "",
        "body": body,
        "url": f"/ideer/{pk}/",
        "access": ("public",),
        "created_at": NOW - datetime.timedelta(days=pk),
        "updated_at": NOW - datetime.timedelta(days=pk),
        "kind": "service_concept",
        "stage": "concept",
        "organisation": "skelleftea",
        "organisation_name": "Skellefteå kommun",
        "county": "24",
    }
    values.update(fields)
    return SearchDocument(**values)


@pytest.fixture
def engine() -> Iterator[ElasticsearchBackend]:
    alias = f"delahub-test-{uuid.uuid4().hex[:10]}"
    backend = ElasticsearchBackend(os.environ["ELASTICSEARCH_URL"], alias=alias, refresh=True)
    yield backend
    for name in backend.client.indices.get(index=f"{alias}*").body:
        backend.client.indices.delete(index=name)


def keys(engine: ElasticsearchBackend, q: str = "", **fields: Any) -> list[str]:
    return [f"{h.type}:{h.id}" for h in engine.search(SearchQuery(q=q, **fields)).hits]


def facet(engine: ElasticsearchBackend, name: str, **fields: Any) -> dict[str, int]:
    result = engine.search(SearchQuery(**fields))
    return {v.value: v.count for v in result.facets[name]}


# --- Swedish text ---------------------------------------------------------------------------


def test_a_plural_finds_the_singular(engine):
    engine.rebuild([tjanst := doc("Tjänst för bokning av lokaler"), doc("Snöröjning")])
    assert keys(engine, "tjänster") == [tjanst.key]


def test_ansokningar_finds_ansokan(engine):
    engine.rebuild([ansokan := doc("Ansökan om bygglov"), doc("Snöröjning")])
    assert keys(engine, "ansökningar") == [ansokan.key]


def test_a_part_of_a_compound_word_finds_the_compound(engine):
    sop = doc("Sophämtningsabonnemang", "Byt storlek på kärlet")
    ledighet = doc("Ledighetsansökan", "För medarbetare")
    engine.rebuild([sop, ledighet, doc("Snöröjning")])
    assert keys(engine, "abonnemang") == [sop.key]
    assert keys(engine, "ansökan") == [ledighet.key]


def test_a_query_with_diacritics_does_not_match_text_without_them(engine):
    aldre = doc("Stöd för äldre")
    typo = doc("Stod for aldre")  # the same words typed without å ä ö
    engine.rebuild([aldre, typo])
    assert keys(engine, "äldre") == [aldre.key]


def test_a_query_without_diacritics_finds_them_below_the_exact_match(engine):
    aldre = doc("Stöd för äldre", id=1)  # newer: would come first on a tie
    typo = doc("Stod for aldre", id=2)
    engine.rebuild([aldre, typo])
    assert keys(engine, "aldre") == [typo.key, aldre.key]


def test_a_quoted_phrase_matches_the_words_in_order(engine):
    phrase = doc("Digital brevlåda för alla")
    apart = doc("Brevlåda, papper eller digital")
    engine.rebuild([phrase, apart])
    assert keys(engine, '"digital brevlåda"') == [phrase.key]
    assert set(keys(engine, "digital brevlåda")) == {phrase.key, apart.key}


def test_or_accepts_either_and_minus_excludes(engine):
    sop = doc("Sophämtning i glesbygd")
    bygglov = doc("Ansökan om bygglov")
    ledighet = doc("Ansökan om ledighet")
    engine.rebuild([sop, bygglov, ledighet])
    assert set(keys(engine, "sophämtning OR bygglov")) == {sop.key, bygglov.key}
    assert keys(engine, "ansökan -bygglov") == [ledighet.key]
    assert keys(engine, "-ansökan") == [sop.key]


def test_snippets_mark_the_match_and_escape_the_rest(engine):
    engine.rebuild([doc("Formulär", "Fyll i <script>alert(1)</script> och skicka ansökan.")])
    (hit,) = engine.search(SearchQuery(q="ansökan")).hits
    assert "<mark>ansökan</mark>" in hit.snippet
    assert "<script>" not in hit.snippet
    assert "&lt;script&gt;" in hit.snippet


# --- Ranking and ordering -------------------------------------------------------------------


def test_a_title_match_outranks_a_body_match(engine):
    in_body = doc("Tillstånd", "Om parkeringstillstånd för boende", id=1)  # newer
    in_title = doc("Parkeringstillstånd", "Ansök digitalt", id=2)
    engine.rebuild([in_body, in_title])
    assert keys(engine, "parkeringstillstånd") == [in_title.key, in_body.key]


def test_an_empty_query_with_a_filter_lists_by_newest(engine):
    old = doc("Gammal", id=30, organisation="krokom")
    new = doc("Ny", id=10, organisation="krokom")
    other = doc("Annan", id=5)
    engine.rebuild([old, other, new])
    assert keys(engine, "", filters={"organisation": ["krokom"]}) == [new.key, old.key]


def test_most_adopted_first(engine):
    few = doc("Några", adoption_count=1)
    many = doc("Många", adoption_count=9)
    engine.rebuild([few, many])
    assert keys(engine, "", ordering="adoptions") == [many.key, few.key]


# --- Facets ---------------------------------------------------------------------------------


def test_facets_count_every_value_and_filters_combine(engine):
    engine.rebuild(
        [
            doc("A", stage="concept", organisation="krokom", target_groups=("elderly",)),
            doc("B", stage="launch", organisation="krokom", target_groups=("elderly", "youth")),
            doc("C", stage="launch", category="care"),
            doc("D", type="prototype", kind="", stage=""),
        ]
    )
    result = engine.search(SearchQuery())
    assert result.count == 4
    assert set(result.facets) == set(FACETS)
    counts = {name: {v.value: v.count for v in values} for name, values in result.facets.items()}
    assert counts["type"] == {"idea": 3, "prototype": 1}
    assert counts["stage"] == {"launch": 2, "concept": 1}
    assert counts["organisation"] == {"skelleftea": 2, "krokom": 2}
    assert counts["target_group"] == {"elderly": 2, "youth": 1}
    assert counts["category"] == {"care": 1}
    assert counts["kind"] == {"service_concept": 3}
    both = SearchQuery(filters={"organisation": ["krokom"], "stage": ["launch"]})
    assert engine.search(both).count == 1
    either = SearchQuery(filters={"organisation": ["krokom", "skelleftea"], "stage": ["launch"]})
    assert engine.search(either).count == 2


def test_a_facets_own_selection_keeps_its_siblings_counts(engine):
    engine.rebuild(
        [
            doc("A", organisation="krokom", stage="concept"),
            doc("B", organisation="skelleftea", stage="launch"),
            doc("C", organisation="skelleftea", stage="launch"),
        ]
    )
    chosen = {"organisation": ["krokom"]}
    assert engine.search(SearchQuery(filters=chosen)).count == 1
    assert facet(engine, "organisation", filters=chosen) == {"skelleftea": 2, "krokom": 1}
    assert facet(engine, "stage", filters=chosen) == {"concept": 1}


def test_an_unknown_facet_value_finds_nothing(engine):
    engine.rebuild([doc("A")])
    result = engine.search(SearchQuery(filters={"stage": ["no-such-stage"]}))
    assert (result.count, result.hits) == (0, [])


# --- Visibility -----------------------------------------------------------------------------


@pytest.fixture
def hidden(engine):
    """One public idea, one for organisation 3's members, one draft of user 9: all about
    'sophämtning', the hidden ones also in other organisations and stages."""
    public = doc("Sophämtning med app", stage="concept")
    members = doc(
        "Sophämtning för företag", stage="launch", organisation="krokom", access=("org:3",)
    )
    draft = doc("Sophämtning utkast", stage="insights", access=("user:9",))
    engine.rebuild([public, members, draft])
    return public, members, draft


def test_nobody_finds_or_counts_what_they_may_not_see(engine, hidden):
    public, members, draft = hidden
    anonymous = engine.search(SearchQuery(q="sophämtning", access=("public",)))
    assert [h.id for h in anonymous.hits] == [public.id]
    assert anonymous.count == 1
    assert {v.value for v in anonymous.facets["stage"]} == {"concept"}
    assert {v.value for v in anonymous.facets["organisation"]} == {"skelleftea"}
    member = engine.search(SearchQuery(q="sophämtning", access=("public", "org:3")))
    assert {h.id for h in member.hits} == {public.id, members.id}
    author = engine.search(SearchQuery(q="sophämtning", access=("public", "user:9")))
    assert {h.id for h in author.hits} == {public.id, draft.id}


def test_facet_filters_do_not_reveal_hidden_documents(engine, hidden):
    result = engine.search(SearchQuery(filters={"organisation": ["krokom"]}, access=("public",)))
    assert (result.count, result.hits) == (0, [])
    assert facet(engine, "organisation", filters={"stage": ["launch"]}) == {}


def test_suggest_and_similar_only_offer_what_the_caller_may_see(engine, hidden):
    public, members, draft = hidden
    assert [h.id for h in engine.suggest("soph", ["public"])] == [public.id]
    assert {h.id for h in engine.suggest("soph", ["public", "org:3"])} == {public.id, members.id}
    query = doc("Sophämtning", "sophämtning sophämtning", id=900)
    assert [h.id for h in engine.similar(query, ["public"])] == [public.id]


# --- Similar and suggest --------------------------------------------------------------------


def test_similar_finds_ideas_about_the_same_service_other_organisations_first(engine):
    mine = doc("Digital ansökan om färdtjänst", "Ansök om färdtjänst i en e-tjänst", id=1)
    own_other = doc("Färdtjänst: ansökan på webben", "Ansök om färdtjänst digitalt", id=2)
    krokom = doc(
        "Färdtjänst ansökan digitalt",
        "E-tjänst för färdtjänst",
        id=3,
        organisation="krokom",
    )
    prototype = doc("Färdtjänst ansökan prototyp", type="prototype", id=4, organisation="krokom")
    unrelated = doc("Snöröjning av gång- och cykelvägar", id=5, organisation="krokom")
    engine.rebuild([mine, own_other, krokom, prototype, unrelated])
    similar = engine.similar(mine, ["public"])
    assert [h.id for h in similar] == [krokom.id, own_other.id]
    assert all(h.type == "idea" for h in similar)


def test_similar_works_for_text_that_is_not_indexed_yet(engine):
    krokom = doc("Färdtjänst ansökan digitalt", organisation="krokom")
    engine.rebuild([krokom, doc("Snöröjning")])
    draft = doc("Ansökan om färdtjänst", id=901, organisation="skelleftea")
    assert [h.id for h in engine.similar(draft, ["public"])] == [krokom.id]


def test_suggest_completes_the_start_of_any_word_in_a_title(engine):
    sop = doc("Sophämtningsabonnemang")
    ledighet = doc("Ansökan om ledighet")
    engine.rebuild([sop, ledighet, doc("Snöröjning")])
    assert [h.id for h in engine.suggest("soph", ["public"])] == [sop.id]
    (hit,) = engine.suggest("led", ["public"])
    assert hit.id == ledighet.id
    assert "<mark>" in hit.snippet
    assert engine.suggest("abonnemang", ["public"]) == []  # not a word start: that is search


# --- Writes, the alias and rebuilds ---------------------------------------------------------


def test_index_replaces_by_type_and_id_and_remove_ignores_unknown_ids(engine):
    first = doc("Snöröjning", id=1)
    engine.index([first, doc("Prototyp", id=1, type="prototype")])
    assert engine.count() == 2
    engine.index([doc("Halkbekämpning", id=1)])
    assert engine.count() == 2
    assert keys(engine, "halkbekämpning") == ["idea:1"]
    assert keys(engine, "snöröjning") == []
    engine.remove("idea", [1, 404])
    assert engine.count() == 1
    assert keys(engine, "prototyp") == ["prototype:1"]


def test_rebuild_swaps_the_alias_to_a_new_index_and_deletes_the_old(engine):
    reported: list[int] = []
    assert engine.rebuild([doc("Första")], progress=reported.append) == 1
    (first_index,) = engine.alias_indices()
    assert keys(engine, "första") != []
    documents = (doc(f"Andra {n}") for n in range(1, 1201))  # more than one bulk request
    assert engine.rebuild(documents, total=1200, progress=reported.append) == 1200
    (second_index,) = engine.alias_indices()
    assert second_index != first_index
    assert not engine.client.indices.exists(index=first_index)
    assert engine.count() == 1200
    assert keys(engine, "första") == []
    assert sum(reported) == 1201
    engine.index([doc("Tredje")])
    assert engine.client.count(index=second_index)["count"] == 1201


def test_changes_made_during_a_rebuild_are_in_the_new_index(engine):
    engine.rebuild([doc("Snöröjning", id=1), doc("Halka", id=2), doc("Parkering", id=3)])

    def documents():
        # What the rebuild read from the database before the changes below...
        yield doc("Snöröjning", id=1)
        yield doc("Halka", id=2)
        # ...then, while it runs, idea 1 becomes a draft and idea 3 is deleted.
        engine.index([doc("Snöröjning", id=1, access=("user:9",))])
        engine.remove("idea", [3])
        yield doc("Snöröjning", id=1)  # an older copy read again must not win

    engine.rebuild(documents())
    assert keys(engine, "snöröjning") == []
    assert keys(engine, "snöröjning", access=("user:9",)) == ["idea:1"]
    assert keys(engine, "parkering") == []
    assert not engine.client.indices.exists_alias(name=engine.incoming)


def test_rebuild_replaces_an_index_that_took_the_alias_name(engine):
    engine.client.indices.create(index=engine.alias)
    engine.rebuild([doc("Snöröjning")])
    assert engine.client.indices.exists_alias(name=engine.alias)
    assert keys(engine, "snöröjning") != []


def test_clear_empties_the_index(engine):
    engine.rebuild([doc("A"), doc("B")])
    engine.clear()
    assert engine.count() == 0
    assert len(engine.alias_indices()) == 1


def test_writes_before_any_rebuild_create_the_alias_with_the_mapping(engine):
    engine.index([doc("Snöröjning")])
    (name,) = engine.alias_indices()
    mapping = engine.client.indices.get_mapping(index=name).body[name]["mappings"]
    assert mapping["properties"]["title"]["analyzer"] == "delahub_sv"


# --- Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ['"ledighet', 'ledighet"', '"""', "-", "OR", "a" * 1000, "(ansökan*~2 +x |"]
)
def test_odd_input_is_answered_not_refused(engine, typed):
    engine.rebuild([doc("Ledighetsansökan")])
    result = engine.search(SearchQuery(q=typed))
    assert result.count >= 0
    assert set(result.facets) == set(FACETS)


def test_a_page_past_the_end_is_empty_with_the_count(engine):
    engine.rebuild([doc("A"), doc("B")])
    far = engine.search(SearchQuery(page=50, page_size=20))
    assert (far.count, far.hits) == (2, [])
    beyond_window = engine.search(SearchQuery(page=10_000, page_size=20))
    assert (beyond_window.count, beyond_window.hits) == (2, [])
