"""Bulk issuance end to end: CSV in → signed credentials (eddsa-rdfc-2022) stored with status
entries, ready to serve. Prints credentials/s for each database and row count.

    python benchmarks/bench_bulk_issue.py                       # 10k and 100k, SQLite + PostgreSQL
    python benchmarks/bench_bulk_issue.py --rows 2000 --db sqlite --processes 1

Timed: parsing and validating the CSV, recording the job (rows, status-list indexes), then
building, signing and storing every credential in batches (one transaction per batch) with
``--processes`` worker processes, each running ``run_bulk_job`` on its share of the rows — what
``accredo worker --processes`` does. Not timed: creating the organisation and achievement.
PostgreSQL: ``ACCREDO_TEST_POSTGRES_URL`` (a scratch schema is created and dropped).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from accredo.config import Settings
from accredo.proofs import LocalDidResolver
from accredo.services import (
    NullLedgerHook,
    Platform,
    create_achievement,
    create_organisation,
    did_document,
    get_credential,
    get_credential_document,
    get_status_list_credential,
    list_credentials,
)
from accredo.services.bulk import create_bulk_job, get_bulk_job, run_bulk_job
from accredo.services.setup import DEMO_ACHIEVEMENTS
from accredo.store.models import BulkJobRow
from accredo.verify import check_credential

PG_URL = os.environ.get(
    "ACCREDO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def make_csv(rows: int) -> bytes:
    lines = ["email,name,result,valid_until"]
    lines += [f"learner{i}@example.org,Learner {i},{'ABC'[i % 3]},2031-06-30" for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def _platform(settings: Settings, schema: str | None, *, ledger: bool, migrate: bool) -> Platform:
    hook = None if ledger else NullLedgerHook()
    return Platform.from_settings(settings, migrate=migrate, schema=schema, ledger=hook)


def _worker(
    settings: Settings, schema: str | None, job_id: str, lo: int, hi: int, ledger: bool
) -> None:
    p = _platform(settings, schema, ledger=ledger, migrate=False)
    run_bulk_job(p, job_id, row_range=(lo, hi))
    p.close()


def run_one(rows: int, db: str, processes: int, batch: int, *, ledger: bool = True) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="accredo-bench-"))
    schema = None
    if db == "postgres":
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(PG_URL)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        url = PG_URL
    else:
        url = f"sqlite:///{data_dir / 'accredo.db'}"
    settings = Settings(
        data_dir=data_dir,
        database_url=url,
        base_url="https://bench.accredo.test",
        bulk_batch_size=batch,
        max_csv_rows=max(rows, 200_000),
        max_csv_bytes=200 * 1024 * 1024,
        workers=processes,
    )
    try:
        p = _platform(settings, schema, ledger=ledger, migrate=True)
        org = create_organisation(
            p, slug="bench", name="Benchmark Academy", country="NL", url="https://bench.example"
        )
        create_achievement(p, org.id, key="dm", data=DEMO_ACHIEVEMENTS[0][1])
        csv_bytes = make_csv(rows)

        t0 = time.perf_counter()
        job = create_bulk_job(p, org.id, achievement_id="dm", data=csv_bytes)
        t1 = time.perf_counter()
        with p.session() as s:
            lo, hi = s.execute(
                select(func.min(BulkJobRow.row_number), func.max(BulkJobRow.row_number)).where(
                    BulkJobRow.job_id == job.id
                )
            ).one()
        p.db.dispose()  # children open their own connections
        step = -(-(hi - lo + 1) // processes)
        ctx = mp.get_context("fork")
        procs = [
            ctx.Process(
                target=_worker, args=(settings, schema, job.id, a, min(a + step - 1, hi), ledger)
            )
            for a in range(lo, hi + 1, step)
        ]
        for proc in procs:
            proc.start()
        for proc in procs:
            proc.join()
            if proc.exitcode != 0:
                raise SystemExit(f"a worker failed with exit code {proc.exitcode}")
        run_bulk_job(p, job.id)  # closes the job (nothing left to issue)
        t2 = time.perf_counter()

        info = get_bulk_job(p, org.id, job.id)
        assert info.done == rows and info.status == "done", info
        assert list_credentials(p, org.id, limit=1).total == rows
        sample = list_credentials(p, org.id, limit=1).items[0]
        doc = get_credential(p, org.id, sample.id).document
        list_url = doc["credentialStatus"]["statusListCredential"]
        seq = int(list_url.rsplit("/", 1)[1])
        report = check_credential(
            doc,
            resolver=LocalDidResolver([did_document(p, "bench")]),
            status_lists={list_url: get_status_list_credential(p, "bench", "revocation", seq)},
        )
        assert report.verified, report
        size = len(get_credential_document(p, sample.id))
        total = t2 - t0
        print(
            f"{db:9s} rows={rows:>7,d} processes={processes} batch={batch} "
            f"ledger={'on' if ledger else 'off'}: "
            f"prepare {t1 - t0:6.2f} s, issue {t2 - t1:6.2f} s, total {total:6.2f} s "
            f"→ {rows / total:7,.0f} credentials/s  (sample verifies; ~{size} chars each)",
            flush=True,
        )
        p.close()
    finally:
        if schema is not None:
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--db", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"]
    )
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument(
        "--no-ledger", action="store_true", help="without the transparency-log hook (comparison)"
    )
    args = parser.parse_args()
    print(f"bulk issuance, eddsa-rdfc-2022, {os.cpu_count()} CPUs")
    for db in args.db:
        for rows in args.rows:
            run_one(rows, db, args.processes, args.batch_size, ledger=not args.no_ledger)


if __name__ == "__main__":
    main()
