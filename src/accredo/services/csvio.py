"""CSV reading for bulk issuance and safe CSV writing for exports.

Columns (header names are case-insensitive; spaces and dashes count as ``_``):

=====================  ========  ===============================================================
column                 required  meaning
=====================  ========  ===============================================================
``email``              yes       the recipient's email address (stored and signed only hashed)
``name``               no        the recipient's name (shown on the credential)
``achievement``        no        id or key; must match the achievement chosen for the upload
``valid_from``         no        ISO 8601 date or date-time (default: time of issue)
``valid_until``        no        ISO 8601 date or date-time (expiry)
``result``             no        a grade or score (``Result.value``)
``evidence_url``       no        http(s) URL of evidence
``evidence_name``      no        title of that evidence
``evidence_narrative`` no        text describing the evidence
``idempotency_key``    no        your own key for the row (else one is derived from the row)
anything else          no        kept with the job row, not put into the credential
=====================  ========  ===============================================================
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from accredo.services.errors import CsvError

__all__ = ["COLUMNS", "TEMPLATE_EXAMPLE", "neutralise", "read_csv", "template_csv", "write_csv"]

COLUMNS: tuple[str, ...] = (
    "email",
    "name",
    "achievement",
    "valid_from",
    "valid_until",
    "result",
    "evidence_url",
    "evidence_name",
    "evidence_narrative",
    "idempotency_key",
)
ALIASES: dict[str, str] = {
    "e_mail": "email",
    "email_address": "email",
    "recipient_email": "email",
    "recipient_name": "name",
    "full_name": "name",
    "achievement_id": "achievement",
    "achievement_key": "achievement",
    "grade": "result",
    "score": "result",
    "expires": "valid_until",
    "expiry": "valid_until",
    "issued_on": "valid_from",
    "evidence": "evidence_url",
}
TEMPLATE_EXAMPLE: tuple[str, ...] = (
    "ana.silva@example.org",
    "Ana Silva",
    "",
    "",
    "2029-12-31",
    "A",
    "https://example.org/portfolio/ana",
    "Final project",
    "",
    "",
)


def normalise_header(name: str) -> str:
    key = "_".join(name.strip().lower().replace("-", " ").split())
    return ALIASES.get(key, key)


def read_csv(
    data: bytes, *, max_bytes: int, max_rows: int
) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Decode and split a CSV upload: (normalised header, [(line number, fields)]).

    Raises :class:`CsvError` for what makes the whole file unreadable: too large, not UTF-8,
    no header, no email column, duplicate columns, too many rows, broken quoting."""
    if len(data) > max_bytes:
        raise CsvError(f"the file is larger than {max_bytes // (1024 * 1024)} MB")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CsvError(
            f"the file is not UTF-8 text (first bad byte on line {line}); save it as 'CSV UTF-8'"
        ) from exc
    if "\x00" in text:
        raise CsvError("the file contains NUL bytes; it is not a CSV text file")
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count) if first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header_raw = next(reader, None)
        if not header_raw or not any(h.strip() for h in header_raw):
            raise CsvError("the file is empty or has no header row")
        header = [normalise_header(h) for h in header_raw]
        seen: set[str] = set()
        for h in header:
            if h in seen and h:
                raise CsvError(f"the column {h!r} appears twice")
            seen.add(h)
        if "email" not in header:
            raise CsvError("the header has no 'email' column")
        rows: list[tuple[int, list[str]]] = []
        for fields in reader:
            if not fields or all(not f.strip() for f in fields):
                continue  # blank line
            if len(rows) >= max_rows:
                raise CsvError(f"the file has more than {max_rows} rows; split it")
            rows.append((reader.line_num, fields))
    except csv.Error as exc:
        raise CsvError(f"malformed CSV near line {reader.line_num}: {exc}") from exc
    return header, rows


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Defuse spreadsheet formulas: a cell starting with ``= + - @``, tab or CR gets a leading
    apostrophe (OWASP CSV injection advice)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def write_csv(header: Sequence[str], rows: Iterable[Sequence[str | None]]) -> str:
    """CSV text with every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    for row in rows:
        writer.writerow([neutralise("" if v is None else str(v)) for v in row])
    return out.getvalue()


def template_csv(achievement_key: str | None = None) -> str:
    """The downloadable template: the documented columns and one example row."""
    example = list(TEMPLATE_EXAMPLE)
    if achievement_key:
        example[2] = achievement_key
    return write_csv(COLUMNS, [example])
