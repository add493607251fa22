"""CSV files people open in spreadsheets: one rule for defusing formulas, used by every export."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from flask import Response


def safe_cell(value) -> str:
    """Stop spreadsheet programs from running a cell as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(rows: Iterable[Iterable]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


def download(text: str, filename: str, mimetype: str = "text/csv") -> Response:
    """A file the browser saves rather than shows."""
    return Response(text, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
