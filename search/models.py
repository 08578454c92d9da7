"""The database backend's own tables: one row per indexed document, its access tokens and
its target groups, and the documents whose indexing failed.

The full-text structures (SQLite FTS5 tables, PostgreSQL tsvector columns and indexes) are
added next to these by the migrations, per vendor; the ORM never reads them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexedDocument(models.Model):
    """A flattened SearchDocument (see search.backends.base)."""

    doc_type = models.CharField(max_length=20)
    obj_id = models.BigIntegerField()
    idea_id = models.BigIntegerField()
    title = models.TextField()
    summary = models.TextField(blank=True)
    meta = models.TextField(blank=True)  # tags, target groups, organisation names
    body = models.TextField(blank=True)
    folded = models.TextField(blank=True)  # all text without diacritics (PostgreSQL)
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    kind = models.CharField(max_length=40, blank=True)
    stage = models.CharField(max_length=40, blank=True)
    organisation = models.CharField(max_length=100, blank=True)
    organisation_name = models.CharField(max_length=200, blank=True)
    county = models.CharField(max_length=10, blank=True)
    category = models.CharField(max_length=40, blank=True)
    adoption_count = models.IntegerField(default=0)

    class Meta:
        db_table = "search_document"
        verbose_name = _("indexed document")
        verbose_name_plural = _("indexed documents")
        constraints = [
            models.UniqueConstraint(fields=["doc_type", "obj_id"], name="search_document_unique")
        ]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="search_document_created"),
            models.Index(fields=["-updated_at", "-id"], name="search_document_updated"),
            models.Index(fields=["-adoption_count"], name="search_document_adoptions"),
            models.Index(fields=["idea_id"], name="search_document_idea"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.obj_id}"


class DocumentAccess(models.Model):
    """One access token of a document ("public", "org:<id>", "user:<id>")."""

    # A plain column rather than a foreign key: the backend writes these rows in bulk with SQL
    # and removes them together with their document.
    document_id = models.BigIntegerField()
    token = models.CharField(max_length=40)

    class Meta:
        db_table = "search_access"
        constraints = [
            models.UniqueConstraint(fields=["document_id", "token"], name="search_access_unique")
        ]
        indexes = [models.Index(fields=["token", "document_id"], name="search_access_token")]

    def __str__(self) -> str:
        return f"{self.document_id} {self.token}"


class DocumentTargetGroup(models.Model):
    """One target-group facet value of a document."""

    document_id = models.BigIntegerField()
    value = models.CharField(max_length=100)

    class Meta:
        db_table = "search_target_group"
        constraints = [
            models.UniqueConstraint(fields=["document_id", "value"], name="search_tg_unique")
        ]
        indexes = [models.Index(fields=["value", "document_id"], name="search_tg_value")]

    def __str__(self) -> str:
        return f"{self.document_id} {self.value}"


class DirtyDocument(models.Model):
    """A document waiting to be indexed: the queue that search.indexing drains. A write adds
    a row per changed document in its own transaction; a document whose indexing failed keeps
    its row, with the error. Not unique: each write adds its own rows (writers never wait on
    each other's), and a drain takes every row of a document at once."""

    doc_type = models.CharField(max_length=20)
    obj_id = models.BigIntegerField()
    queued_at = models.DateTimeField(auto_now_add=True)
    error = models.TextField(blank=True)  # the last failure to index it

    class Meta:
        db_table = "search_dirty"
        verbose_name = _("document waiting to be indexed")
        verbose_name_plural = _("documents waiting to be indexed")
        indexes = [models.Index(fields=["doc_type", "obj_id"], name="search_dirty_key")]

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.obj_id}"


class ThesaurusGroup(models.Model):
    """Words that mean one municipal service: the official term first, then what residents
    say, older terms and English words. Search expands a query word with its group's other
    terms (ranked below the word itself); `broader` gives related terms. Seeded from
    search/data/thesaurus.yaml, edited by staff in the admin; search/thesaurus.py reads it."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    terms = models.TextField(
        _("Swedish terms"),
        help_text=_("One per line, lower-case; the first is the term the municipality uses."),
    )
    english = models.TextField(_("English terms"), blank=True, help_text=_("One per line."))
    broader = models.ForeignKey(
        "self",
        verbose_name=_("broader group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="narrower",
    )
    source = models.TextField(_("source"), help_text=_("Where the words come from, or why."))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("thesaurus group")
        verbose_name_plural = _("thesaurus groups")

    def __str__(self) -> str:
        return self.term_list[0] if self.term_list else self.key

    @property
    def term_list(self) -> list[str]:
        return _lines(self.terms)

    @property
    def english_list(self) -> list[str]:
        return _lines(self.english)


def _lines(value: str) -> list[str]:
    return [" ".join(line.split()).lower() for line in value.splitlines() if line.strip()]
