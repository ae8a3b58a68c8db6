"""The scheduled publish job, the catch-up job through a real (non-immediate) queue, settings,
and the ``accredo log publish | anchor`` commands."""

from __future__ import annotations

from pathlib import Path

from platform_helpers import Backend, Org, make_settings, new_org
from typer.testing import CliRunner

from accredo.cli import app as cli
from accredo.config import Settings
from accredo.ledger import Checkpoint, NoteSigner
from accredo.ledger.anchors import EvmAnchorer
from accredo.services import Platform, issue_credential
from accredo.services import ledger as ledger_module
from accredo.services.ledger import TransparencyLedger
from accredo.services.tasks import install


def test_scheduled_publish_signs_only_when_the_log_grew(
    platform: Platform, ledger: TransparencyLedger, org: Org
) -> None:
    issue_credential(platform, org.id, achievement_id="course", recipient_email="a@example.org")
    assert ledger_module._publish_job() >= 1
    first = ledger.latest_checkpoint()
    assert first is not None and first.size == 1
    ledger_module._publish_job()
    latest = ledger.latest_checkpoint()
    assert latest is not None and latest.id == first.id  # unchanged log: nothing new signed
    issue_credential(platform, org.id, achievement_id="course", recipient_email="b@example.org")
    ledger_module._publish_job()
    latest = ledger.latest_checkpoint()
    assert latest is not None and latest.size == 2
    assert (ledger.log_dir / "checkpoint").read_text() == latest.text


def test_catch_up_job_runs_on_a_real_queue(tmp_path: Path, backend: Backend) -> None:
    p = Platform.from_settings(make_settings(tmp_path, backend), schema=backend.schema)
    try:
        install(p)  # SqliteHuey in the data folder, consumed by a worker thread below
        assert isinstance(p.ledger, TransparencyLedger)
        org = new_org(p, "acme")
        issue_credential(p, org.id, achievement_id="course", recipient_email="a@example.org")
        assert p.ledger.tree().size == 0  # queued, not yet run
        from accredo.jobs import current_huey

        huey = current_huey()
        task = huey.dequeue()
        assert task is not None and task.name == "accredo.ledger.sync"
        assert huey.execute(task) == 1  # the job appended the one entry
        assert p.ledger.tree().size == 1
        latest = p.ledger.latest_checkpoint()
        assert latest is not None and latest.size == 1  # and signed a checkpoint covering it
        bundle = p.ledger.issue_bundle(
            issue_credential(
                p, org.id, achievement_id="course", recipient_email="b@example.org"
            ).info.url
        )
        assert bundle is None  # the second credential waits for its catch-up job …
        second = huey.dequeue()
        assert second is not None and huey.execute(second) == 1
        assert p.ledger.latest_checkpoint().size == 2  # type: ignore[union-attr]
    finally:
        p.close()


def test_settings_configure_key_and_anchors(tmp_path: Path) -> None:
    signer = NoteSigner.generate("credentials.example.org/log")
    settings = Settings.from_env(
        {
            "ACCREDO_DATA_DIR": str(tmp_path),
            "ACCREDO_BASE_URL": "https://credentials.example.org",
            "ACCREDO_LOG_KEY": signer.skey,
            "ACCREDO_ANCHOR_RPC_URLS": "http://127.0.0.1:9/, http://127.0.0.1:10/",
        }
    )
    assert settings.log_origin == "credentials.example.org/log"
    ledger = TransparencyLedger.from_settings(settings)
    assert ledger.verifier.vkey == signer.verifier.vkey
    assert not (tmp_path / "log.skey").exists()
    assert isinstance(ledger.anchorer, EvmAnchorer)
    assert not ledger.anchor_on_publish  # no private key: checks anchors, never sends


def test_cli_publish(tmp_path: Path) -> None:
    env = {"ACCREDO_DATA_DIR": str(tmp_path / "data"), "ACCREDO_BASE_URL": "https://x.test"}
    p = Platform.from_settings(Settings.from_env(env))
    org = new_org(p, "acme")
    issue_credential(p, org.id, achievement_id="course", recipient_email="a@example.org")
    assert isinstance(p.ledger, TransparencyLedger)
    vkey = p.ledger.verifier
    p.close()
    runner = CliRunner()
    result = runner.invoke(cli, ["log", "publish"], env=env)
    assert result.exit_code == 0, result.output
    cp = Checkpoint.parse(result.output).verify([vkey])
    assert cp.origin == "x.test/log" and cp.size == 1
    result = runner.invoke(cli, ["log", "anchor"], env=env)
    assert result.exit_code == 2 and "no anchor chain is configured" in result.output
