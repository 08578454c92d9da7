"""Cells for CSV files that people open in spreadsheet programs (CSV injection).

Every CSV writer in the project passes each cell through `csv_cell`, and so does the Excel
export (`ideas.opendata.export_xlsx`), which also stores every text as a string cell.
"""

from __future__ import annotations

from typing import Any

# A cell whose first visible character is one of these is read as a formula by Excel,
# LibreOffice and Google Sheets; they skip spaces, tabs and line breaks before deciding.
_FORMULA_STARTS = ("=", "+", "-", "@")
# A tab or carriage return first is neutralised whatever follows (OWASP's list).
_CONTROL_STARTS = ("\t", "\r")


def csv_cell(value: Any) -> Any:
    """The value to write into a CSV cell: text that a spreadsheet would run as a formula gets
    a leading apostrophe (shown, never run); everything else is written as it is.

    Whitespace is any Unicode whitespace (str.lstrip), a little wider than what spreadsheets
    skip, so nothing that one of them skips is missed. Only text is changed: numbers are
    written as numbers (a negative count is not a formula), and text such as "+46 70 …" or
    "- a list item" at the very start of a cell gets the apostrophe too, because a
    spreadsheet cannot tell it from a formula either.
    """
    if not isinstance(value, str):
        return value
    if value.startswith(_CONTROL_STARTS) or value.lstrip().startswith(_FORMULA_STARTS):
        return "'" + value
    return value
