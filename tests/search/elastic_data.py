"""Shared helpers for the Elasticsearch tests as data (not a test module): a document, a
search body, and reading its clauses back in the query language."""

from __future__ import annotations

import datetime
from typing import Any

from search.backends import elastic_queries as q
from search.backends.base import SearchDocument, SearchQuery
from search.text import Term

NOW = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC)


def document(**fields: Any) -> SearchDocument:
    values: dict[str, Any] = {
        "type": "idea",
        "id": 7,
        "idea_id": 7,
        "title": "Ledighetsansökan",
        "summary": "Ansök om ledighet digitalt",
        "body": "Blanketten ersätts av en e-tjänst.",
        "url": "/ideer/7/",
        "access": ("public",),
        "created_at": NOW,
        "updated_at": NOW,
        "kind": "service_concept",
        "stage": "concept",
        "organisation": "skelleftea",
        "organisation_name": "Skellefteå kommun",
        "county": "24",
        "category": "hr",
        "target_groups": ("employees", "managers"),
        "tags": ("ledighet",),
        "adoption_count": 2,
    }
    values.update(fields)
    return SearchDocument(**values)


def body_for(**fields: Any) -> dict[str, Any]:
    return q.search_body(SearchQuery(**fields))


def clauses(body: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(must, must_not) of the text part of a search body."""
    text = body["query"]["bool"]["must"][0]
    return text["bool"].get("must", []), text["bool"].get("must_not", [])


def describe(clause: dict[str, Any]) -> str:
    """A term or OR clause written back in the query language, checking its shape on the way:
    a term is a dis_max over the fields it is looked for in (q.term_fields: words typed
    without diacritics also in the folded fields, words with parts also in the parts
    fields), each a constant weight on a match of the term; parts are the word's stems."""
    if "bool" in clause:
        assert clause["bool"]["minimum_should_match"] == 1
        return "(" + " | ".join(describe(term) for term in clause["bool"]["should"]) + ")"
    queries = clause["dis_max"]["queries"]
    weights = q.field_weights()
    fields = [next(iter(field_of(c["constant_score"]["filter"]))) for c in queries]
    assert fields == [f for f in weights if f in fields]
    # The field weights, times the term's own weight (1 typed, less for synonyms).
    factor = queries[0]["constant_score"]["boost"] / weights[fields[0]]
    assert [c["constant_score"]["boost"] for c in queries] == [
        round(weights[f] * factor, 4) for f in fields
    ]
    (text,) = {
        c["constant_score"]["filter"].get("simple_query_string", {}).get("query") for c in queries
    } - {None}
    for c in queries:
        match = c["constant_score"]["filter"]
        if "simple_query_string" in match:
            continue
        matches = match["bool"]["should"] if "bool" in match else [match]
        typed = text.strip('"')
        expected = [typed] if text.startswith('"') else list(Term((typed,)).parts)
        seen = []
        for part in matches:
            ((kind, options_by_field),) = part.items()
            ((field, options),) = options_by_field.items()
            assert field.endswith(".parts")
            assert kind == ("match_phrase" if text.startswith('"') else "match")
            if kind == "match":
                assert options["operator"] == "and"
            seen.append(options["query"])
        assert seen == expected
    return text


def field_of(match: dict[str, Any]) -> dict[str, Any]:
    """{field: options} of a field match (the first part's, for several parts)."""
    if "simple_query_string" in match:
        (field,) = match["simple_query_string"]["fields"]
        return {field: match["simple_query_string"]}
    if "bool" in match:
        return field_of(match["bool"]["should"][0])
    ((_kind, fields),) = match.items()
    return fields


def query_string(body: dict[str, Any]) -> str:
    must, _ = clauses(body)
    return " ".join(describe(c) for c in must)


def boosts() -> dict[str, float]:
    return q.field_weights()


ACCESS = ("public", "org:3", "user:9")
ACCESS_FILTER = {"terms": {"access": list(ACCESS)}}
