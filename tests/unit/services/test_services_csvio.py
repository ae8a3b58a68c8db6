"""CSV reading and formula-safe writing (no database)."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredo.services.csvio import (
    COLUMNS,
    neutralise,
    normalise_header,
    read_csv,
    template_csv,
    write_csv,
)
from accredo.services.errors import CsvError

LIMITS = {"max_bytes": 10_000, "max_rows": 100}


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=x", "\r=x"])
def test_neutralise_defuses_formula_starts(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@given(st.text())
def test_written_cells_never_start_a_formula(value: str) -> None:
    text = write_csv(["h"], [[value]])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    cell = rows[1][0] if len(rows) > 1 and rows[1] else ""
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell in (value, "'" + value)


@given(st.binary(max_size=2000))
def test_read_csv_never_crashes(data: bytes) -> None:
    try:
        header, rows = read_csv(data, **LIMITS)
    except CsvError:
        return
    assert "email" in header
    assert all(isinstance(line, int) for line, _ in rows)


def test_headers_are_normalised() -> None:
    assert normalise_header(" E-Mail ") == "email"
    assert normalise_header("Full Name") == "name"
    assert normalise_header("Grade") == "result"
    assert normalise_header("custom field") == "custom_field"


def test_template_has_documented_columns_and_reads_back() -> None:
    header, rows = read_csv(template_csv("python").encode(), **LIMITS)
    assert tuple(header) == COLUMNS
    assert rows[0][1][2] == "python"


def test_line_numbers_count_quoted_newlines() -> None:
    data = b'email,name\na@b.org,"two\nlines"\nc@d.org,C\n'
    _, rows = read_csv(data, **LIMITS)
    assert [line for line, _ in rows] == [3, 4]
