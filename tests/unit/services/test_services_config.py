"""Settings from the environment; secrets generated once with mode 0600; the key vault."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from accredo.config import ConfigError, Settings
from accredo.store.vault import KeyVault, VaultError


def test_defaults(tmp_path: Path) -> None:
    s = Settings.from_env({"ACCREDO_DATA_DIR": str(tmp_path / "d")})
    assert s.database_url == f"sqlite:///{tmp_path / 'd' / 'accredo.db'}"
    assert s.base_url == "http://127.0.0.1:8000" and s.redis_url is None
    assert s.host == "127.0.0.1%3A8000"


def test_master_key_is_generated_once_with_0600(tmp_path: Path) -> None:
    s = Settings.from_env({"ACCREDO_DATA_DIR": str(tmp_path)})
    key = s.master_key()
    path = tmp_path / "master.key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Settings.from_env({"ACCREDO_DATA_DIR": str(tmp_path)}).master_key() == key
    assert len(key) == 32


def test_master_key_from_env(tmp_path: Path) -> None:
    s = Settings.from_env({"ACCREDO_DATA_DIR": str(tmp_path), "ACCREDO_MASTER_KEY": "A" * 43})
    assert s.master_key() == bytes(32)
    assert not (tmp_path / "master.key").exists()
    bad = Settings.from_env({"ACCREDO_DATA_DIR": str(tmp_path), "ACCREDO_MASTER_KEY": "AAAA"})
    with pytest.raises(ConfigError, match="32 bytes"):
        bad.master_key()


@pytest.mark.parametrize(
    ("name", "value"),
    [("ACCREDO_BASE_URL", "ftp://x"), ("ACCREDO_WORKERS", "many"), ("ACCREDO_WORKERS", "0")],
)
def test_bad_values_name_the_variable(tmp_path: Path, name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({"ACCREDO_DATA_DIR": str(tmp_path), name: value})


def test_vault_binds_ciphertext_to_its_row() -> None:
    vault = KeyVault(os.urandom(32))
    blob = vault.encrypt(b"secret seed", context="org-a/key-1")
    assert b"secret seed" not in blob
    assert vault.decrypt(blob, context="org-a/key-1") == b"secret seed"
    with pytest.raises(VaultError):
        vault.decrypt(blob, context="org-b/key-1")
    with pytest.raises(VaultError):
        KeyVault(os.urandom(32)).decrypt(blob, context="org-a/key-1")
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(VaultError):
        vault.decrypt(tampered, context="org-a/key-1")
    assert vault.derive("x") != vault.derive("y") and len(vault.derive("x")) == 32
