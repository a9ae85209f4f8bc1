"""Text that goes into a spreadsheet (CSV, XLSX) must not be read as a formula.

A cell that starts with "=", "+", "-" or "@" is a formula to Excel and LibreOffice (CSV
injection, OWASP). In a CSV file the text gets a leading apostrophe, which spreadsheets
show as text; in an XLSX file the cell is typed as text instead.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """Keep a spreadsheet from reading a CSV cell as a formula."""
    return f"'{value}" if value[:1] in FORMULA_STARTS else value
