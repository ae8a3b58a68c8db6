"""A small in-process sign-in throttle: too many failed attempts for one email or from one client
address within a window answer 429 until the window passes.

Per process (each uvicorn worker counts alone), which bounds password guessing to
``limit x workers`` tries per window; a shared store would be needed for a multi-host setup.

>>> t = SignInThrottle(limit=2, window=60.0)
>>> t.failed("a@example.org", "10.0.0.1"); t.failed("a@example.org", "10.0.0.1")
>>> t.blocked("a@example.org", "10.0.0.2")
True
"""

from __future__ import annotations

import threading
import time
from collections import deque

__all__ = ["SignInThrottle"]


class SignInThrottle:
    def __init__(self, *, limit: int = 10, window: float = 300.0) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def blocked(self, email: str, client: str) -> bool:
        now = time.monotonic()
        with self._lock:
            return any(
                len(self._recent(key, now)) >= self.limit
                for key in (f"e:{email.strip().lower()}", f"c:{client}")
            )

    def failed(self, email: str, client: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._failures) > 100_000:
                self._failures.clear()
            for key in (f"e:{email.strip().lower()}", f"c:{client}"):
                self._recent(key, now).append(now)

    def succeeded(self, email: str) -> None:
        with self._lock:
            self._failures.pop(f"e:{email.strip().lower()}", None)
