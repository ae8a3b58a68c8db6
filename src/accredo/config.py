"""Settings from the environment.

Every setting has a safe default so ``accredo serve`` works on a fresh machine; secrets that are
absent are generated once and kept in the data folder with mode 0600.

>>> import tempfile
>>> from accredo.config import Settings
>>> s = Settings.from_env({"ACCREDO_DATA_DIR": tempfile.mkdtemp()})
>>> s.database_url.startswith("sqlite")
True
>>> len(s.master_key())
32

Variables: ``ACCREDO_DATA_DIR`` (default ``./accredo-data``), ``ACCREDO_DATABASE_URL`` (default a
SQLite file in the data folder), ``ACCREDO_REDIS_URL`` (optional: RedisHuey instead of SqliteHuey),
``ACCREDO_MASTER_KEY`` (base64url, 32 bytes; generated into ``<data>/master.key`` when absent),
``ACCREDO_SECRET_KEY`` (sessions/CSRF; generated into ``<data>/secret.key`` when absent),
``ACCREDO_BASE_URL`` (default ``http://127.0.0.1:8000``), ``ACCREDO_WORKERS`` (queue consumer
threads, default 2), ``ACCREDO_BULK_BATCH_SIZE`` (default 500), ``ACCREDO_MAX_CSV_BYTES``
(default 20 MB), ``ACCREDO_MAX_CSV_ROWS`` (default 200,000),
``ACCREDO_QUEUE_NAME`` (default ``accredo``), ``ACCREDO_STATUS_SUSPENSION_ENTRY`` (``1``:
credentials also reference the suspension list).
Transparency log (``accredo.services.ledger``): ``ACCREDO_LOG_KEY`` (C2SP signer key
``PRIVATE+KEY+…``; generated into ``<data>/log.skey`` when absent), ``ACCREDO_ANCHOR_RPC_URLS``
(comma-separated EVM RPC URLs) and ``ACCREDO_ANCHOR_PRIVATE_KEY`` (hex) to anchor checkpoints.
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from accredo.errors import InputError

__all__ = ["ConfigError", "Settings"]


class ConfigError(InputError):
    """A setting is malformed (the message names the variable)."""


def _b64decode(value: str) -> bytes:
    padded = value.strip() + "=" * (-len(value.strip()) % 4)
    return base64.urlsafe_b64decode(padded.encode("ascii"))


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _read_or_create_secret(path: Path, nbytes: int) -> bytes:
    """Read a base64url secret from *path*, creating it (mode 0600) on first use."""
    if path.exists():
        return _b64decode(path.read_text(encoding="ascii"))
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = secrets.token_bytes(nbytes)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, (_b64encode(raw) + "\n").encode("ascii"))
    finally:
        os.close(fd)
    return raw


@dataclass(frozen=True)
class Settings:
    """Runtime settings. Build with :meth:`from_env`; tests construct it directly."""

    data_dir: Path
    database_url: str
    base_url: str = "http://127.0.0.1:8000"
    redis_url: str | None = None
    master_key_b64: str | None = field(default=None, repr=False)
    secret_key_b64: str | None = field(default=None, repr=False)
    workers: int = 2
    bulk_batch_size: int = 500
    max_csv_bytes: int = 20 * 1024 * 1024
    max_csv_rows: int = 200_000
    suspension_entry: bool = False
    queue_name: str = "accredo"
    log_key: str | None = field(default=None, repr=False)
    anchor_rpc_urls: tuple[str, ...] = ()
    anchor_private_key: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read ``ACCREDO_*`` variables (from *environ*, default :data:`os.environ`)."""
        env = os.environ if environ is None else environ
        data_dir = Path(env.get("ACCREDO_DATA_DIR", "./accredo-data")).expanduser().resolve()
        database_url = env.get("ACCREDO_DATABASE_URL") or f"sqlite:///{data_dir / 'accredo.db'}"
        base_url = env.get("ACCREDO_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
        parts = urlsplit(base_url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ConfigError(f"ACCREDO_BASE_URL must be an http(s) URL, got {base_url!r}")

        def _int(name: str, default: int) -> int:
            raw = env.get(name)
            if raw is None or raw == "":
                return default
            try:
                value = int(raw)
            except ValueError as exc:
                raise ConfigError(f"{name} must be an integer, got {raw!r}") from exc
            if value < 1:
                raise ConfigError(f"{name} must be positive, got {value}")
            return value

        return cls(
            data_dir=data_dir,
            database_url=database_url,
            base_url=base_url,
            redis_url=env.get("ACCREDO_REDIS_URL") or None,
            master_key_b64=env.get("ACCREDO_MASTER_KEY") or None,
            secret_key_b64=env.get("ACCREDO_SECRET_KEY") or None,
            workers=_int("ACCREDO_WORKERS", 2),
            bulk_batch_size=_int("ACCREDO_BULK_BATCH_SIZE", 500),
            max_csv_bytes=_int("ACCREDO_MAX_CSV_BYTES", 20 * 1024 * 1024),
            max_csv_rows=_int("ACCREDO_MAX_CSV_ROWS", 200_000),
            queue_name=env.get("ACCREDO_QUEUE_NAME") or "accredo",
            suspension_entry=env.get("ACCREDO_STATUS_SUSPENSION_ENTRY", "") in {"1", "true", "yes"},
            log_key=env.get("ACCREDO_LOG_KEY") or None,
            anchor_rpc_urls=tuple(
                u.strip() for u in env.get("ACCREDO_ANCHOR_RPC_URLS", "").split(",") if u.strip()
            ),
            anchor_private_key=env.get("ACCREDO_ANCHOR_PRIVATE_KEY") or None,
        )

    @property
    def host(self) -> str:
        """Host part of the base URL, with ``%3A`` for a port as did:web requires."""
        parts = urlsplit(self.base_url)
        host = parts.hostname or "localhost"
        return f"{host}%3A{parts.port}" if parts.port else host

    def ensure_data_dir(self) -> Path:
        """Create the data folder (mode 0700) if missing and return it."""
        self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        return self.data_dir

    def master_key(self) -> bytes:
        """The 32-byte key that encrypts signing keys at rest (AES-256-GCM). See ADR 0012."""
        if self.master_key_b64:
            try:
                raw = _b64decode(self.master_key_b64)
            except ValueError as exc:
                raise ConfigError("ACCREDO_MASTER_KEY is not base64url") from exc
        else:
            raw = _read_or_create_secret(self.ensure_data_dir() / "master.key", 32)
        if len(raw) != 32:
            raise ConfigError(f"the master key must be 32 bytes, got {len(raw)}")
        return raw

    def secret_key(self) -> bytes:
        """The key for session cookies and CSRF tokens (web layer)."""
        if self.secret_key_b64:
            return self.secret_key_b64.encode("utf-8")
        return _read_or_create_secret(self.ensure_data_dir() / "secret.key", 32)

    @property
    def queue_path(self) -> Path:
        """SQLite file for the embedded job queue (SqliteHuey)."""
        return self.data_dir / "queue.db"

    @property
    def log_dir(self) -> Path:
        """The transparency log's tiles folder (served as ``/log/``)."""
        return self.data_dir / "log"

    @property
    def log_origin(self) -> str:
        """The log's origin for a newly generated log key: ``<host[:port]>[/path]/log``."""
        parts = urlsplit(self.base_url)
        return f"{parts.netloc}{parts.path.rstrip('/')}/log"
