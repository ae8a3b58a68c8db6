"""Huey wiring: one Huey per process, tasks registered by name."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from huey import RedisHuey, SqliteHuey, crontab
from huey.api import Huey, Result
from huey.consumer import Consumer

from accredo.config import Settings
from accredo.errors import AccredoError

__all__ = [
    "QueueError",
    "configure",
    "create_consumer",
    "current_huey",
    "enqueue",
    "register",
    "register_periodic",
]

log = logging.getLogger(__name__)

_registered: dict[str, Callable[..., Any]] = {}
_periodic: dict[str, tuple[Callable[[], Any], str]] = {}
_bound: dict[str, Any] = {}
_huey: Huey | None = None
_lock = threading.Lock()


class QueueError(AccredoError):
    """The queue is not configured, or a task name is unknown."""


def register(name: str, fn: Callable[..., Any]) -> None:
    """Make *fn* runnable as task *name* (bound on :func:`configure`)."""
    _registered[name] = fn
    if _huey is not None:
        _bind(_huey, name, fn)


def register_periodic(name: str, fn: Callable[[], Any], *, minute: str = "*/10") -> None:
    """Run *fn* on a cron schedule (minutes field) in the consumer."""
    _periodic[name] = (fn, minute)
    if _huey is not None:
        _bind_periodic(_huey, name, fn, minute)


def _bind(huey: Huey, name: str, fn: Callable[..., Any]) -> None:
    _bound[name] = huey.task(name=name)(fn)


def _bind_periodic(huey: Huey, name: str, fn: Callable[[], Any], minute: str) -> None:
    _bound[name] = huey.periodic_task(crontab(minute=minute), name=name)(fn)


def configure(settings: Settings, *, immediate: bool = False) -> Huey:
    """Create this process's Huey (Redis if configured, else SQLite in the data folder) and bind
    every registered task. *immediate* runs tasks inline (tests)."""
    global _huey
    with _lock:
        if settings.redis_url:
            huey: Huey = RedisHuey(settings.queue_name, url=settings.redis_url, immediate=immediate)
        else:
            settings.ensure_data_dir()
            huey = SqliteHuey(
                settings.queue_name,
                filename=str(settings.queue_path),
                immediate=immediate,
                timeout=30,
            )
        _bound.clear()
        for name, fn in _registered.items():
            _bind(huey, name, fn)
        for name, (pfn, minute) in _periodic.items():
            _bind_periodic(huey, name, pfn, minute)
        _huey = huey
        return huey


def current_huey() -> Huey:
    """The configured Huey, or :class:`QueueError`."""
    if _huey is None:
        raise QueueError("the job queue is not configured (call accredo.jobs.configure)")
    return _huey


def enqueue(name: str, *args: Any) -> Result:
    """Queue task *name*; returns Huey's result handle (``result(blocking=True)`` waits)."""
    current_huey()
    task = _bound.get(name)
    if task is None:
        raise QueueError(f"no task named {name!r}")
    result: Result = task(*args)
    return result


class _ThreadConsumer(Consumer):  # type: ignore[misc]  # huey is untyped
    """A consumer that can run outside the main thread (no signal handlers)."""

    def _set_signal_handlers(self) -> None:
        return None


def create_consumer(
    *, workers: int = 2, processes: bool = False, in_thread: bool = False
) -> Consumer:
    """A consumer for the configured Huey (``workers`` threads or processes)."""
    huey = current_huey()
    cls = _ThreadConsumer if in_thread else Consumer
    return cls(
        huey,
        workers=workers,
        worker_type="process" if processes else "thread",
        periodic=True,
        initial_delay=0.05,
        max_delay=1.0,
        backoff=1.5,
        check_worker_health=not in_thread,
    )
