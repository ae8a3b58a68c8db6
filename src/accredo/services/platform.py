"""The :class:`Platform`: what every service function needs (settings, database, key vault, hooks).

>>> import tempfile
>>> from accredo.config import Settings
>>> from accredo.services import Platform
>>> p = Platform.from_settings(Settings.from_env({"ACCREDO_DATA_DIR": tempfile.mkdtemp()}))
>>> p.settings.base_url
'http://127.0.0.1:8000'
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from accredo.config import Settings
from accredo.services.hooks import LedgerHook, NullLedgerHook
from accredo.store.db import Database
from accredo.store.vault import KeyVault

__all__ = ["Platform"]


class Platform:
    """Settings + database + key vault + ledger hook. One per process (web app, worker, CLI)."""

    def __init__(
        self,
        *,
        settings: Settings,
        database: Database,
        vault: KeyVault,
        ledger: LedgerHook | None = None,
    ) -> None:
        self.settings = settings
        self.db = database
        self.vault = vault
        self.ledger: LedgerHook = ledger or NullLedgerHook()
        from accredo.services.signing import SignerCache

        self.signers = SignerCache()

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        migrate: bool = True,
        schema: str | None = None,
        ledger: LedgerHook | None = None,
    ) -> Platform:
        """Create the data folder, open the database and (by default) run migrations."""
        settings.ensure_data_dir()
        database = Database(settings.database_url, schema=schema)
        if migrate:
            database.migrate()
        if ledger is None:  # the default: the deployment's transparency log (ledger session)
            from accredo.services.ledger import TransparencyLedger

            ledger = TransparencyLedger.open(settings, database, recover=migrate)
        return cls(
            settings=settings,
            database=database,
            vault=KeyVault(settings.master_key()),
            ledger=ledger,
        )

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction (commit on success, rollback on error)."""
        with self.db.session() as session:
            yield session

    def credential_url(self, credential_id: str) -> str:
        """The public URL of a credential: ``{base}/credentials/{id}``."""
        return f"{self.settings.base_url}/credentials/{credential_id}"

    def close(self) -> None:
        """Release database connections."""
        self.db.dispose()
