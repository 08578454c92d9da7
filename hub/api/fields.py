"""Serializer fields shared by the apps' APIs."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

#: The largest primary key the databases store (BigAutoField): a bigger number can name no
#: row, and would overflow the database driver if it reached a query.
MAX_ID = 2**63 - 1


def id_field(**kwargs: Any) -> serializers.IntegerField:
    """An object id: a whole number from 1 to MAX_ID (else a 400 naming the bounds)."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)
