"""CSV exports: no cell can start a spreadsheet formula, whatever whitespace comes first.

Spreadsheet programs skip leading spaces, tabs and line breaks before they decide that a
cell is a formula (=, +, -, @), so " =1+1" runs as well as "=1+1" does. Every CSV writer
passes its cells through `hub.csv_cells.csv_cell`; these tests check it as data (the
open-data export is tested end to end in test_open_data.py).
"""

from __future__ import annotations

import pytest

from hub.csv_cells import csv_cell

FORMULAS = [
    "=1+1",
    " =1+1",
    "\n=cmd|' /C calc'!A0",
    '\r\n=HYPERLINK("http://evil")',
    "\t@SUM(A1)",
    "  -2+3",
    " \t \n+1",
    "@SUM(A1)",
    "+46 70 123 45 67",
    # Tab and carriage return first are neutralised whatever follows (as before).
    "\tHej",
    "\rHej",
]


@pytest.mark.parametrize("value", FORMULAS)
def test_a_cell_whose_first_visible_character_starts_a_formula_is_quoted(value: str) -> None:
    assert csv_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    [
        "Ledighetsansökan",
        "Kontakt: - list item in a sentence",
        "Resultat: 2-3 veckor, =ungefär",
        "  Indented text",
        "\nA second paragraph first",
        "e-tjänst; =tag",  # a list joined with "; ": only the cell's start matters
        "",
    ],
)
def test_ordinary_text_is_left_as_written(value: str) -> None:
    assert csv_cell(value) == value


@pytest.mark.parametrize("value", [0, 12, -3, None])
def test_values_that_are_not_text_are_left_alone(value: object) -> None:
    # Numbers are written by the csv module as numbers: a negative count is a number, not a
    # formula, and quoting it would turn it into text.
    assert csv_cell(value) == value
