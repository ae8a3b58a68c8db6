"""accredo.jobs — the background queue (Huey): SqliteHuey in the data folder by default,
RedisHuey when ``ACCREDO_REDIS_URL`` is set, or immediate (inline) mode for tests.

Tasks are registered by name (the services layer registers its own; this package imports nothing
above it) and bound to a Huey instance by :func:`configure`.

>>> import tempfile
>>> from accredo.config import Settings
>>> from accredo.jobs import configure, register, enqueue
>>> register("double", lambda x: 2 * x)
>>> _ = configure(Settings.from_env({"ACCREDO_DATA_DIR": tempfile.mkdtemp()}), immediate=True)
>>> enqueue("double", 21)()
42
"""

from accredo.jobs.queue import (
    QueueError,
    configure,
    create_consumer,
    current_huey,
    enqueue,
    register,
    register_periodic,
)

__all__ = [
    "QueueError",
    "configure",
    "create_consumer",
    "current_huey",
    "enqueue",
    "register",
    "register_periodic",
]
