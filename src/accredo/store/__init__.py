"""accredo.store: SQLAlchemy tables, migrations, and encryption at rest for signing keys.

>>> import tempfile
>>> from accredo.store import Database
>>> db = Database(f"sqlite:///{tempfile.mkdtemp()}/a.db")
>>> db.migrate()
"""

from accredo.store import design_models as design_models  # registers the design tables on Base
from accredo.store import ledger_models as ledger_models  # registers the log tables on Base
from accredo.store.db import Database
from accredo.store.vault import KeyVault, VaultError

__all__ = ["Database", "KeyVault", "VaultError"]
