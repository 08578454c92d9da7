"""Search finds what people mean: everyday words, questions, typos, text typed without
å ä ö, English — on whichever database the suite runs (one engine on both).

The thesaurus is the real one, seeded by migration from search/data/thesaurus.yaml.
"""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from ideas.models import Idea
from search import services
from search.models import ThesaurusGroup
from tests import factories

pytestmark = pytest.mark.django_db


def search(q: str, user: Any = None, **kwargs: Any) -> Any:
    return services.search_query(user=user, q=q, page_size=50, **kwargs)


def titles(q: str, user: Any = None, **kwargs: Any) -> list[str]:
    return [h.title for h in search(q, user, **kwargs).hits]


def make(organisation: Any, author: User, title: str, body: str = "", **fields: Any) -> Idea:
    return factories.idea(
        organisation=organisation, created_by=author, title=title, summary="", body=body, **fields
    )


@pytest.fixture
def corpus(owner: User, outsider: User, skelleftea: Any, krokom: Any) -> dict[str, Idea]:
    ideas = {
        "forskola": make(skelleftea, owner, "Ansök om plats i förskola", "Kö och placering."),
        "dagis": make(krokom, outsider, "Dagis på landet", "Familjer vill ha dagis nära."),
        "hemtjanst": make(skelleftea, owner, "Hemtjänst med nyckelfria lås", "Trygg hemtjänst."),
        "bygglov": make(krokom, outsider, "Digital bygglovsansökan", "Ritningar och bygglov."),
        "aldre": make(skelleftea, owner, "Träffpunkt för äldre", "Gemenskap för seniorer."),
        "aldrig": make(krokom, outsider, "Aldrig för sent att lära", "Vuxenutbildning."),
        "matavfall": make(skelleftea, owner, "Insamling av matavfallet", "Påsar och kärl."),
        "snow": make(krokom, outsider, "Vinterväghållning i byarna", "Plogning och sandning."),
        "seniors": make(
            krokom, outsider, "Aktiva seniorer", "Seniorer som bor hemma, anhöriga som hjälper."
        ),
    }
    services.reindex_all()
    return ideas


def test_an_everyday_word_finds_the_official_term(corpus: dict[str, Idea]) -> None:
    found = titles("dagis")
    assert set(found) == {"Dagis på landet", "Ansök om plats i förskola"}


def test_the_word_itself_ranks_above_its_synonym(corpus: dict[str, Idea]) -> None:
    assert titles("dagis")[0] == "Dagis på landet"
    assert titles("förskola")[0] == "Ansök om plats i förskola"


def test_a_synonym_of_several_words_finds_the_service(corpus: dict[str, Idea]) -> None:
    # The words as typed match where they stand anywhere; the term they make is hemtjänst.
    assert set(titles("hjälp i hemmet")) == {"Hemtjänst med nyckelfria lås", "Aktiva seniorer"}


def test_the_result_says_which_words_were_searched_too(corpus: dict[str, Idea]) -> None:
    notes = search("dagis").notes
    expanded = {e.typed: e for e in notes.expanded}
    assert expanded["dagis"].official == "förskola"
    assert "förskola" in expanded["dagis"].terms


def test_a_synonym_of_several_words_is_a_phrase_not_words_anywhere(
    corpus: dict[str, Idea],
) -> None:
    # "hjälp i hemmet" is hemtjänst; "hjälper" and "hemma" in one text are not.
    assert "Aktiva seniorer" not in titles("hemtjänst")


def test_english_words_find_swedish_content_and_say_so(corpus: dict[str, Idea]) -> None:
    result = search("home care")
    assert [h.title for h in result.hits] == ["Hemtjänst med nyckelfria lås"]
    assert result.notes.english is True
    assert search("hemtjänst").notes.english is False


def test_question_words_need_not_match(corpus: dict[str, Idea]) -> None:
    # "hur", "jag", "om" carry nothing; "ansöker" need not match in a question either, but
    # what matches more of the words comes first.
    result = search("hur ansöker jag om hemtjänst")
    assert result.hits[0].title == "Hemtjänst med nyckelfria lås"
    assert result.notes.relaxed is True


def test_a_question_finds_results_with_most_of_its_words_and_says_so(
    corpus: dict[str, Idea],
) -> None:
    result = search("när plogas vägen i byarna?")
    assert "Vinterväghållning i byarna" in [h.title for h in result.hits]
    assert result.notes.relaxed is True


def test_a_long_query_that_nothing_matches_fully_returns_the_closest(
    corpus: dict[str, Idea],
) -> None:
    result = search("hemtjänst nyckelfria cyklar")
    assert [h.title for h in result.hits] == ["Hemtjänst med nyckelfria lås"]
    assert result.notes.relaxed is True


def test_two_words_that_never_meet_find_nothing(corpus: dict[str, Idea]) -> None:
    assert titles("hemtjänst segelbåt") == []


def test_a_full_match_is_not_called_relaxed(corpus: dict[str, Idea]) -> None:
    assert search("hemtjänst lås").notes.relaxed is False


def test_only_stop_words_lists_by_newest_with_the_filters(corpus: dict[str, Idea]) -> None:
    result = search("hur och om", filters={"organisation": ["krokom"]})
    assert {h.title for h in result.hits} == {
        "Dagis på landet",
        "Digital bygglovsansökan",
        "Aldrig för sent att lära",
        "Vinterväghållning i byarna",
        "Aktiva seniorer",
    }
    created = [h.created_at for h in result.hits]
    assert created == sorted(created, reverse=True)


def test_a_typo_finds_what_its_correction_finds(corpus: dict[str, Idea]) -> None:
    result = search("hemtjänts")
    assert [h.title for h in result.hits] == ["Hemtjänst med nyckelfria lås"]
    assert result.notes.did_you_mean == "hemtjänst"
    assert result.notes.corrections == {"hemtjänts": "hemtjänst"}


def test_a_typo_in_a_longer_query_is_corrected_in_place(corpus: dict[str, Idea]) -> None:
    result = search("digital bygglvo")
    assert [h.title for h in result.hits] == ["Digital bygglovsansökan"]
    assert result.notes.did_you_mean == "digital bygglov"


def test_a_correctly_spelt_word_is_never_corrected(corpus: dict[str, Idea]) -> None:
    assert search("bygglov").notes.did_you_mean == ""


def test_nonsense_is_not_corrected_into_something(corpus: dict[str, Idea]) -> None:
    result = search("xyzzy")
    assert result.count == 0
    assert result.notes.did_you_mean == ""


def test_a_correction_never_comes_from_what_the_searcher_may_not_see(
    owner: User, skelleftea: Any
) -> None:
    make(skelleftea, owner, "Intern rutin för kvittohantering", visibility="organisation")
    services.reindex_all()
    anonymous = search("kvittohanterng")
    assert anonymous.count == 0
    assert anonymous.notes.did_you_mean == ""
    member = search("kvittohanterng", owner)
    assert member.notes.did_you_mean == "kvittohantering"
    assert member.count == 1


def test_typed_without_diacritics_a_word_stands_for_itself_with_them(
    corpus: dict[str, Idea],
) -> None:
    # "aldre" is "äldre" typed without dots; the stemmer would also take it for "aldrig".
    assert titles("aldre") == ["Träffpunkt för äldre"]


def test_a_real_word_without_diacritics_does_not_turn_into_another(
    corpus: dict[str, Idea],
) -> None:
    assert titles("aldrig") == ["Aldrig för sent att lära"]


def test_folded_compound_and_inflection_still_found(corpus: dict[str, Idea]) -> None:
    assert titles("forskola") == ["Ansök om plats i förskola", "Dagis på landet"]


def test_definite_forms_the_stemmer_keeps_apart_find_each_other(corpus: dict[str, Idea]) -> None:
    assert titles("matavfall") == ["Insamling av matavfallet"]
    assert titles("förskolan")[0] == "Ansök om plats i förskola"


def test_few_results_offer_related_terms(corpus: dict[str, Idea]) -> None:
    notes = search("hemtjänst").notes
    assert "äldreomsorg" in notes.related


def test_a_staff_edit_of_the_thesaurus_applies_to_the_next_search(
    corpus: dict[str, Idea],
) -> None:
    assert titles("ungdomsdagis") == []
    group = ThesaurusGroup.objects.get(key="forskola")
    group.terms += "\nungdomsdagis"
    group.save()
    assert "Ansök om plats i förskola" in titles("ungdomsdagis")


def test_the_api_says_what_search_did(api, corpus: dict[str, Idea]) -> None:
    body = api.get("/api/v1/search/", {"q": "hemtjänts"}).json()
    assert body["query"]["did_you_mean"] == "hemtjänst"
    assert body["query"]["corrections"] == {"hemtjänts": "hemtjänst"}
    assert body["query"]["relaxed"] is False
    english = api.get("/api/v1/search/", {"q": "home care"}).json()["query"]
    assert english["english"] is True
    assert english["expanded"][0]["official"] == "hemtjänst"


def test_the_page_offers_the_correction_with_the_filters_kept(
    client, corpus: dict[str, Idea]
) -> None:
    page = client.get("/sok/", {"q": "hemtjänts", "kind": "service_concept"}).content.decode()
    assert "Menade du" in page
    assert "?q=hemtj%C3%A4nst&amp;kind=service_concept" in page


def test_the_page_says_when_english_found_swedish(client, corpus: dict[str, Idea]) -> None:
    page = client.get("/sok/", {"q": "home care"}).content.decode()
    assert "Innehållet på Delahub är på svenska" in page


def test_the_page_says_when_not_every_word_matched(client, corpus: dict[str, Idea]) -> None:
    page = client.get("/sok/", {"q": "hemtjänst nyckelfria cyklar"}).content.decode()
    assert "Alla träffar innehåller inte alla dina ord" in page


def test_an_empty_filtered_result_offers_the_search_without_filters(
    client, corpus: dict[str, Idea]
) -> None:
    page = client.get("/sok/", {"q": "dagis", "stage": "follow_up"}).content.decode()
    assert "0 träffar" in page
    assert "Utan filtren finns 2 träffar" in page


def test_suggestions_carry_real_scores(api, corpus: dict[str, Idea]) -> None:
    results = api.get("/api/v1/search/suggest/", {"q": "för"}).json()["results"]
    assert len(results) == 3  # three titles have a word starting with "för"
    scores = [r["score"] for r in results]
    assert scores and all(score > 0 for score in scores)
    assert scores == sorted(scores, reverse=True)
