"""The real queue: consumers on SQLite (embedded) and Redis, and a worker killed with SIGKILL in
the middle of a job — after a restart every row is issued exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from platform_helpers import BASE_URL, REDIS_URL, Backend, Org
from sqlalchemy import func, select

from accredo.services import Platform
from accredo.services.bulk import create_bulk_job, get_bulk_job
from accredo.services.tasks import enqueue_bulk_job, install, start_consumer_thread
from accredo.store.models import BulkJobRow, Credential


def _rows(n: int) -> bytes:
    return (
        "email,name\n" + "".join(f"learner{i}@example.org,Learner {i}\n" for i in range(n))
    ).encode()


def _redis_unavailable() -> str | None:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        return (
            f"Redis unreachable at {REDIS_URL} ({type(exc).__name__}); set ACCREDO_TEST_REDIS_URL"
        )
    return None


@pytest.fixture(params=["sqlite-queue", pytest.param("redis-queue", marks=pytest.mark.redis)])
def queued(request: pytest.FixtureRequest, platform: Platform) -> Iterator[Platform]:
    redis_url = None
    if request.param == "redis-queue":
        reason = _redis_unavailable()
        if reason:
            pytest.skip(reason)
        redis_url = REDIS_URL
    platform.settings = replace(
        platform.settings,
        redis_url=redis_url,
        queue_name=f"t-{uuid.uuid4().hex[:10]}",
        bulk_batch_size=25,
    )
    install(platform)
    yield platform
    from accredo.jobs import current_huey

    current_huey().flush()


def test_consumer_runs_bulk_job(queued: Platform, org: Org) -> None:
    job = create_bulk_job(queued, org.id, achievement_id="course", data=_rows(120))
    results = enqueue_bulk_job(queued, org.id, job.id)
    assert len(results) == 2  # split over the two workers
    stop = start_consumer_thread(queued, workers=2)
    try:
        done = [r.get(blocking=True, timeout=120) for r in results]
    finally:
        stop()
    assert max(done) == 120
    info = get_bulk_job(queued, org.id, job.id)
    assert (info.status, info.done, info.total) == ("done", 120, 120)


def _wait_for(cond: Callable[[], bool], timeout: float, what: str) -> None:
    """Wait on observable progress (the job's counters in the database), never a fixed sleep."""
    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


@pytest.mark.slow
def test_worker_killed_mid_job_issues_every_row_exactly_once(
    platform: Platform, org: Org, backend: Backend, tmp_path: Path
) -> None:
    total = 1500
    platform.settings = replace(platform.settings, workers=1, queue_name="kill-test")
    install(platform)
    job = create_bulk_job(platform, org.id, achievement_id="course", data=_rows(total))
    enqueue_bulk_job(platform, org.id, job.id)
    env = {
        **os.environ,
        "ACCREDO_DATA_DIR": str(platform.settings.data_dir),
        "ACCREDO_DATABASE_URL": backend.url_with_schema(),
        "ACCREDO_BASE_URL": BASE_URL,
        "ACCREDO_MASTER_KEY": "0" * 43,
        "ACCREDO_BULK_BATCH_SIZE": "10",
        "ACCREDO_WORKERS": "1",
        "ACCREDO_QUEUE_NAME": "kill-test",
    }
    env.pop("ACCREDO_REDIS_URL", None)
    cmd = [sys.executable, "-c", "from accredo.cli import main; main()", "worker", "--workers", "1"]
    log = (tmp_path / "worker.log").open("w")

    def progress() -> int:
        return get_bulk_job(platform, org.id, job.id).done

    worker = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_for(lambda: progress() >= 100, 120, "the first worker to issue 100 rows")
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        killed_at = progress()
        assert 100 <= killed_at < total, "the worker was not killed mid-job"
        worker = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _wait_for(lambda: get_bulk_job(platform, org.id, job.id).finished, 240, "the job to finish")
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        log.close()
    info = get_bulk_job(platform, org.id, job.id)
    assert (info.status, info.done, info.total) == ("done", total, total)
    with platform.session() as s:
        issued = s.scalar(
            select(func.count()).select_from(Credential).where(Credential.bulk_job_id == job.id)
        )
        distinct_rows = s.scalar(
            select(func.count(func.distinct(Credential.idempotency_key))).where(
                Credential.bulk_job_id == job.id
            )
        )
        distinct_slots = s.scalar(
            select(func.count()).select_from(
                select(Credential.status_seq, Credential.status_index)
                .where(Credential.org_id == org.id)
                .distinct()
                .subquery()
            )
        )
        pending = s.scalar(
            select(func.count()).select_from(BulkJobRow).where(BulkJobRow.status == "pending")
        )
    assert issued == distinct_rows == total
    assert distinct_slots == total
    assert pending == 0
