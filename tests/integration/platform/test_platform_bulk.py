"""Bulk CSV: preview, bad input, jobs, idempotent re-upload, export."""

from __future__ import annotations

import csv
import io
import json

import pytest
from platform_helpers import Org

from accredo.services import CsvError, Platform, get_credential, list_credentials
from accredo.services.bulk import (
    BulkValidationError,
    bulk_csv_template,
    create_bulk_job,
    export_credentials_csv,
    preview_bulk_csv,
    run_bulk_job,
)
from accredo.services.tasks import install, start_bulk_job

GOOD = (
    "email,name,valid_until,result,evidence_url,team\n"
    "ana@example.org,Ana Silva,2031-06-30,A,https://example.org/e/1,blue\n"
    "bob@example.org,Bob,,B,,red\n"
    "cleo@example.org,Cléo Ünicode,,,,\n"
).encode()


def _csv(rows: list[str], header: str = "email,name") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


def test_template_round_trips_through_preview(platform: Platform, org: Org) -> None:
    template = bulk_csv_template(platform, org.id, "course")
    header = next(csv.reader(io.StringIO(template)))
    assert header[:3] == ["email", "name", "achievement"]
    preview = preview_bulk_csv(platform, org.id, achievement_id="course", data=template.encode())
    assert preview.ok and preview.valid == 1


def test_preview_reports_each_bad_row(platform: Platform, org: Org) -> None:
    data = _csv(
        [
            "ana@example.org,Ana",
            "not-an-email,Bob",
            ",Nameless",
            "ana@example.org,Ana",  # duplicate of line 2
            "eve@example.org,=cmd|' /C calc'!A0",  # formula payload: kept as text
            "mal@example.org,<img src=x onerror=alert(1)>",  # HTML: kept as text
            "x@example.org,X,extra",  # too many fields
            'q@example.org,"bad\x01control"',
        ]
    )
    preview = preview_bulk_csv(platform, org.id, achievement_id="course", data=data)
    by_line = {r.line: r for r in preview.rows}
    assert by_line[2].ok
    assert "not an email address" in by_line[3].errors[0]
    assert by_line[4].errors == ("email: missing",)
    assert by_line[5].duplicate_of == 2 and not by_line[5].ok
    assert by_line[6].ok and by_line[6].values["name"] == "=cmd|' /C calc'!A0"
    assert by_line[7].ok and by_line[7].values["name"].startswith("<img")
    assert "3 fields" in by_line[8].errors[0]
    assert "control characters" in by_line[9].errors[0]
    assert (preview.valid, preview.invalid) == (3, 5)
    # nothing half-issued: the job is refused as a whole
    with pytest.raises(BulkValidationError) as err:
        create_bulk_job(platform, org.id, achievement_id="course", data=data)
    assert err.value.preview.invalid == 5
    assert list_credentials(platform, org.id).total == 0
    # unless the user chooses to issue the valid rows only
    job = create_bulk_job(platform, org.id, achievement_id="course", data=data, skip_invalid=True)
    assert run_bulk_job(platform, job.id).done == 3


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"name\nAna\n", "no 'email' column"),
        ("email,name\nana@example.org,Ana\n".encode("utf-16"), "not UTF-8"),
        (b"email,name\nana@example.org,\xff\xfe\n", "not UTF-8"),
        (b"email,email\na@b.org,c@d.org\n", "appears twice"),
        (b'email,name\na@b.org,"unterminated\n', "malformed CSV"),
        (b"email\x00,name\n", "NUL"),
    ],
)
def test_unreadable_files(platform: Platform, org: Org, data: bytes, message: str) -> None:
    with pytest.raises(CsvError, match=message):
        preview_bulk_csv(platform, org.id, achievement_id="course", data=data)


def test_oversized_file_and_too_many_rows(platform: Platform, org: Org) -> None:
    from dataclasses import replace

    platform.settings = replace(platform.settings, max_csv_bytes=1000, max_csv_rows=5)
    with pytest.raises(CsvError, match="larger than"):
        preview_bulk_csv(platform, org.id, achievement_id="course", data=b"email\n" + b"a" * 2000)
    rows = _csv([f"u{i}@example.org,U" for i in range(6)])
    with pytest.raises(CsvError, match="more than 5 rows"):
        preview_bulk_csv(platform, org.id, achievement_id="course", data=rows)


def test_semicolon_and_bom_and_aliases(platform: Platform, org: Org) -> None:
    data = "\ufeffE-mail;Full Name;Grade\nana@example.org;Ana;9\n".encode()
    preview = preview_bulk_csv(platform, org.id, achievement_id="course", data=data)
    assert preview.ok and preview.columns == ("email", "name", "result")


def test_job_issues_every_row_once_and_reupload_issues_nothing(
    platform: Platform, org: Org
) -> None:
    install(platform, immediate=True)
    job = create_bulk_job(platform, org.id, achievement_id="course", data=GOOD, filename="a.csv")
    assert (job.status, job.total, job.done) == ("pending", 3, 0)
    done = start_bulk_job(platform, org.id, job.id)  # immediate mode: finished on return
    assert (done.status, done.done, done.progress) == ("done", 3, 1.0)
    page = list_credentials(platform, org.id, bulk_job_id=job.id)
    assert page.total == 3
    ana = next(c for c in page.items if c.recipient_name == "Ana Silva")
    doc = get_credential(platform, org.id, ana.id).document
    assert doc["validUntil"] == "2031-06-30T00:00:00Z"
    assert doc["credentialSubject"]["result"][0]["value"] == "A"
    assert doc["evidence"][0]["id"] == "https://example.org/e/1"
    assert "team" not in json.dumps(doc)
    indexes = {
        get_credential(platform, org.id, c.id).document["credentialStatus"]["statusListIndex"]
        for c in page.items
    }
    assert len(indexes) == 3
    # the same file again: preview flags every row, the job skips them all
    preview = preview_bulk_csv(platform, org.id, achievement_id="course", data=GOOD)
    assert all(r.already_issued for r in preview.rows)
    again = create_bulk_job(platform, org.id, achievement_id="course", data=GOOD)
    assert (again.status, again.skipped, again.done) == ("done", 3, 0)
    # running a finished job again changes nothing
    assert run_bulk_job(platform, job.id).done == 3
    assert list_credentials(platform, org.id).total == 3


def test_client_idempotency_column(platform: Platform, org: Org) -> None:
    data = _csv(["a@example.org,A,row-1", "b@example.org,B,row-2"], "email,name,idempotency_key")
    run_bulk_job(platform, create_bulk_job(platform, org.id, achievement_id="course", data=data).id)
    changed = _csv(["a@example.org,A changed,row-1"], "email,name,idempotency_key")
    preview = preview_bulk_csv(platform, org.id, achievement_id="course", data=changed)
    assert preview.rows[0].already_issued


def test_export_neutralises_formulas(platform: Platform, org: Org) -> None:
    names = ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tTab", "\rCR", "Plain"]
    data = _csv([f"u{i}@example.org,{n}" for i, n in enumerate(names)])
    data = data.replace(b"\tTab", b'"\tTab"').replace(b"\rCR", b'"\rCR"')
    preview = preview_bulk_csv(platform, org.id, achievement_id="course", data=data)
    assert preview.ok, [r.errors for r in preview.rows]
    run_bulk_job(platform, create_bulk_job(platform, org.id, achievement_id="course", data=data).id)
    exported = list(csv.DictReader(io.StringIO(export_credentials_csv(platform, org.id))))
    got = sorted(r["name"] for r in exported)
    # names are trimmed on input, so the tab / CR cases arrive as plain text
    for cell in got:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'=1+1" in got and "'@cmd" in got and "Plain" in got
    assert len(exported) == 7


def test_key_taken_after_the_upload_skips_that_row_only(platform: Platform, org: Org) -> None:
    from accredo.services import issue_credential

    data = _csv(["a@example.org,A,dup-1", "b@example.org,B,ok-2"], "email,name,idempotency_key")
    job = create_bulk_job(platform, org.id, achievement_id="course", data=data)
    issue_credential(
        platform,
        org.id,
        achievement_id="course",
        recipient_email="z@example.org",
        idempotency_key="dup-1",
    )
    info = run_bulk_job(platform, job.id)
    assert (info.status, info.done, info.skipped) == ("done", 1, 1)
    assert list_credentials(platform, org.id).total == 2
