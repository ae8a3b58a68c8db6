"""Background tasks of the services layer on the Huey queue (``accredo.jobs``).

A bulk job is split into ``settings.workers`` row ranges queued as separate tasks, so several
workers (threads, processes, or machines on Redis) share it. When a worker starts it re-queues
every unfinished job (:func:`resume_bulk_jobs`): whatever a killed worker left undone is finished,
and what it stored is never stored again (see :mod:`accredo.services.bulk`).

>>> import tempfile
>>> from accredo.config import Settings
>>> from accredo.services import Platform
>>> from accredo.services.tasks import install
>>> p = Platform.from_settings(Settings.from_env({"ACCREDO_DATA_DIR": tempfile.mkdtemp()}))
>>> install(p, immediate=True)
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from huey.api import Result
from sqlalchemy import func, select

from accredo.errors import AccredoError, NotFoundError
from accredo.jobs import configure, create_consumer, enqueue, register, register_periodic
from accredo.services.bulk import get_bulk_job, mark_queued, pending_bulk_jobs, run_bulk_job
from accredo.services.issuing import expire_credentials
from accredo.services.platform import Platform
from accredo.services.types import BulkJobInfo
from accredo.store.models import BulkJobRow

__all__ = [
    "enqueue_bulk_job",
    "install",
    "resume_bulk_jobs",
    "run_consumer",
    "start_bulk_job",
    "start_consumer_thread",
]

log = logging.getLogger(__name__)
_platform: Platform | None = None


def _p() -> Platform:
    if _platform is None:
        raise AccredoError("no Platform installed in this worker (call install())")
    return _platform


def _bulk_issue(job_id: str, lo: int, hi: int) -> int:
    return run_bulk_job(_p(), job_id, row_range=(lo, hi)).done


def _expire() -> int:
    return expire_credentials(_p())


register("accredo.bulk_issue", _bulk_issue)
register_periodic("accredo.expire_credentials", _expire, minute="*/10")


def install(p: Platform, *, immediate: bool = False) -> None:
    """Bind this process's Platform and queue (call once at start-up)."""
    global _platform
    _platform = p
    configure(p.settings, immediate=immediate)


def _ranges(p: Platform, job_id: str, parts: int) -> list[tuple[int, int]]:
    with p.session() as session:
        lo, hi, n = session.execute(
            select(
                func.min(BulkJobRow.row_number),
                func.max(BulkJobRow.row_number),
                func.count(),
            ).where(BulkJobRow.job_id == job_id, BulkJobRow.status == "pending")
        ).one()
    if not n:
        return []
    step = max(1, -(-(hi - lo + 1) // max(1, parts)))
    return [(a, min(a + step - 1, hi)) for a in range(lo, hi + 1, step)]


def enqueue_bulk_job(p: Platform, org_id: str, job_id: str) -> list[Result]:
    """Queue a job's pending rows, split over ``settings.workers`` tasks; returns the Huey
    result handles (``r.get(blocking=True, timeout=…)`` waits for a part to finish)."""
    get_bulk_job(p, org_id, job_id)  # tenant check
    mark_queued(p, org_id, job_id)
    ranges = _ranges(p, job_id, p.settings.workers)
    if not ranges:
        run_bulk_job(p, job_id)  # nothing pending: just close the job
    return [enqueue("accredo.bulk_issue", job_id, lo, hi) for lo, hi in ranges]


def start_bulk_job(p: Platform, org_id: str, job_id: str) -> BulkJobInfo:
    """Queue a job (see :func:`enqueue_bulk_job`) and return its progress; poll it with
    :func:`~accredo.services.bulk.get_bulk_job`. In immediate mode it has finished on return."""
    enqueue_bulk_job(p, org_id, job_id)
    return get_bulk_job(p, org_id, job_id)


def resume_bulk_jobs(p: Platform) -> int:
    """Re-queue every unfinished job (worker start-up). Returns how many."""
    jobs = pending_bulk_jobs(p)
    for org_id, job_id in jobs:
        try:
            enqueue_bulk_job(p, org_id, job_id)
        except NotFoundError:  # pragma: no cover - deleted meanwhile
            continue
    return len(jobs)


def run_consumer(p: Platform, *, workers: int | None = None, processes: bool = False) -> None:
    """Run the queue consumer in the foreground (``accredo worker``) until SIGINT/SIGTERM."""
    install(p)
    resumed = resume_bulk_jobs(p)
    if resumed:
        log.info("re-queued %d unfinished bulk job(s)", resumed)
    if processes:
        p.db.dispose()  # forked workers must not share the parent's pooled connections
    consumer = create_consumer(workers=workers or p.settings.workers, processes=processes)
    consumer.run()


def start_consumer_thread(p: Platform, *, workers: int | None = None) -> Callable[[], None]:
    """Start consumer threads inside this process (``accredo serve``); returns ``stop()``."""
    install(p)
    resume_bulk_jobs(p)
    consumer = create_consumer(workers=workers or p.settings.workers, in_thread=True)
    thread = threading.Thread(target=consumer.start, name="accredo-queue", daemon=True)
    thread.start()

    def stop() -> None:
        consumer.stop(graceful=True)

    return stop
