"""How figures read on the pages: a value in the page's language (31,5; 4 400), with its
unit, and the organisation page's link to its facts."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


def plain_number(value: Decimal | float | None) -> str:
    """The value without trailing zeros, grouped and with the language's decimal mark;
    "–" for none."""
    if value is None:
        return "–"
    number = Decimal(str(value))
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    else:
        number = number.normalize()
    return str(number_format(number, use_l10n=True, force_grouping=True))


@register.filter
def fact_value(value: Decimal | float | None, unit: str = "") -> str:
    """`{{ fact.value|fact_value:fact.unit }}`: 31,5 %; 4 400 invånare; – when not given."""
    text = plain_number(value)
    return f"{text} {unit}".strip() if value is not None and unit else text
