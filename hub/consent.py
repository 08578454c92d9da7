"""Versioned consent texts: what a person agreed to, kept word for word.

A test round, a dialogue and a meeting each ask for consent with a text its team may
change; each version is kept (`ConsentTextVersion`, one concrete model per owner) so that
a participation, a contribution or a registration points at exactly what was agreed
(`consent_version` on both sides)."""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentTextVersion(models.Model):
    """One version of an owner's consent text. A concrete model adds the foreign key to its
    owner under the name `owner_field`, its ordering and its unique (owner, version)."""

    owner_field: ClassVar[str]

    version = models.PositiveIntegerField()
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        verbose_name = _("consent text version")
        verbose_name_plural = _("consent text versions")

    def __str__(self) -> str:
        return f"{getattr(self, self.owner_field)} v{self.version}"

    @classmethod
    def record(cls, owner: Any) -> None:
        """Keep the owner's current text as its version `owner.consent_version`."""
        cls._default_manager.create(
            **{cls.owner_field: owner}, version=owner.consent_version, text=owner.consent_text
        )
