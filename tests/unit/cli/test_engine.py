"""The engine's CLI: keys, sign, verify, status-list (CliRunner and a real subprocess)."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from accredo.cli import app
from accredo.core import build_achievement_credential
from accredo.proofs import Ed25519Key, did_web_document

runner = CliRunner()


def _invoke(*args: str, input: str | None = None) -> Any:
    return runner.invoke(app, list(args), input=input, catch_exceptions=False)


def _credential(issuer: str, n: int = 0) -> dict[str, Any]:
    return build_achievement_credential(
        issuer={"id": issuer, "name": "Example University"},
        achievement={
            "id": "https://example.edu/achievements/1",
            "name": "Python basics",
            "description": "Variables and loops.",
            "criteria": {"narrative": "Pass the exam."},
        },
        recipient_email=f"learner{n}@example.org",
        salt="s",
        credential_id=f"urn:uuid:00000000-0000-4000-8000-{n:012d}",
        valid_from=datetime(2025, 1, 1, tzinfo=UTC),
    )


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    result = _invoke("keys", "generate", "-o", str(tmp_path / "key.json"))
    assert result.exit_code == 0, result.output
    key_file = json.loads((tmp_path / "key.json").read_text())
    (tmp_path / "cred.json").write_text(json.dumps(_credential(key_file["controller"])))
    return tmp_path


def test_keys_generate_file_and_stdout(tmp_path: Path) -> None:
    result = _invoke("keys", "generate")
    assert result.exit_code == 0
    key_file = json.loads(result.stdout)
    assert key_file["type"] == "Multikey"
    assert key_file["controller"].startswith("did:key:z6Mk")
    assert key_file["id"] == f"{key_file['controller']}#{key_file['publicKeyMultibase']}"
    assert Ed25519Key.from_key_file(key_file).has_secret
    _invoke("keys", "generate", "-o", str(tmp_path / "k.json"))
    mode = stat.S_IMODE((tmp_path / "k.json").stat().st_mode)
    assert mode == 0o600


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022", "vc-jwt"])
def test_sign_then_verify(workdir: Path, suite: str) -> None:
    out = workdir / "signed.out"
    result = _invoke(
        "sign",
        str(workdir / "cred.json"),
        "--key",
        str(workdir / "key.json"),
        "--suite",
        suite,
        "--created",
        "2025-01-02T00:00:00Z",
        "-o",
        str(out),
    )
    assert result.exit_code == 0, result.output
    if suite != "vc-jwt":
        proof = json.loads(out.read_text())["proof"]
        assert proof["cryptosuite"] == suite
        assert proof["created"] == "2025-01-02T00:00:00Z"
    result = _invoke("verify", str(out))
    assert result.exit_code == 0, result.output
    assert "VERIFIED" in result.stdout and "✓ proof [pass]" in result.stdout


def test_sign_from_stdin_to_stdout(workdir: Path) -> None:
    result = _invoke(
        "sign", "-", "--key", str(workdir / "key.json"), input=(workdir / "cred.json").read_text()
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["proof"]["type"] == "DataIntegrityProof"


def test_verify_tampered_exits_1_with_check_named(workdir: Path) -> None:
    _invoke(
        "sign",
        str(workdir / "cred.json"),
        "--key",
        str(workdir / "key.json"),
        "-o",
        str(workdir / "s.json"),
    )
    doc = json.loads((workdir / "s.json").read_text())
    doc["credentialSubject"]["achievement"]["name"] = "Advanced Python"
    (workdir / "t.json").write_text(json.dumps(doc))
    result = _invoke("verify", str(workdir / "s.json"), str(workdir / "t.json"), "--json")
    assert result.exit_code == 1
    reports = json.loads(result.stdout)
    assert [r["verified"] for r in reports] == [True, False]
    failed = [c["name"] for c in reports[1]["checks"] if c["status"] == "fail"]
    assert failed == ["proof"]


def test_verify_from_stdin(workdir: Path) -> None:
    _invoke(
        "sign",
        str(workdir / "cred.json"),
        "--key",
        str(workdir / "key.json"),
        "--suite",
        "vc-jwt",
        "-o",
        str(workdir / "s.jwt"),
    )
    result = _invoke("verify", "-", "--json", input=(workdir / "s.jwt").read_text())
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["format"] == "vc-jwt"


def test_verify_usage_errors(workdir: Path) -> None:
    assert runner.invoke(app, ["verify"]).exit_code == 2
    assert runner.invoke(app, ["verify", str(workdir / "missing.json")]).exit_code == 2
    bad = workdir / "bad.json"
    bad.write_text("{")
    assert runner.invoke(app, ["verify", "x.json", "--did-document", str(bad)]).exit_code == 2


def test_verify_garbage_is_a_failing_report_not_a_crash(workdir: Path) -> None:
    garbage = workdir / "garbage.json"
    garbage.write_text("[" * 10_000)
    result = _invoke("verify", str(garbage), "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["checks"][0] == {
        "name": "well-formed",
        "status": "fail",
        "message": "the input nests deeper than 64 levels",
    }


def test_verify_with_did_document(tmp_path: Path) -> None:
    key = Ed25519Key.generate()
    did = "did:web:example.edu"
    (tmp_path / "key.json").write_text(
        json.dumps(key.to_key_file(id=f"{did}#key-1", controller=did))
    )
    (tmp_path / "did.json").write_text(json.dumps(did_web_document(did, keys=[("key-1", key)])))
    (tmp_path / "cred.json").write_text(json.dumps(_credential(did)))
    _invoke(
        "sign",
        str(tmp_path / "cred.json"),
        "--key",
        str(tmp_path / "key.json"),
        "-o",
        str(tmp_path / "s.json"),
    )
    assert _invoke("verify", str(tmp_path / "s.json")).exit_code == 1
    result = _invoke(
        "verify", str(tmp_path / "s.json"), "--did-document", str(tmp_path / "did.json")
    )
    assert result.exit_code == 0, result.output


def test_jsonl_bulk_sign(workdir: Path) -> None:
    key_file = json.loads((workdir / "key.json").read_text())
    lines = [json.dumps(_credential(key_file["controller"], n)) for n in range(5)]
    (workdir / "in.jsonl").write_text("\n".join(lines) + "\n\n")
    result = _invoke(
        "sign",
        "--jsonl",
        str(workdir / "in.jsonl"),
        "--key",
        str(workdir / "key.json"),
        "-o",
        str(workdir / "out.jsonl"),
    )
    assert result.exit_code == 0, result.output
    out_lines = (workdir / "out.jsonl").read_text().splitlines()
    assert len(out_lines) == 5
    for n, line in enumerate(out_lines):
        signed = json.loads(line)
        assert signed["id"].endswith(f"{n:012d}")
        single = workdir / f"s{n}.json"
        single.write_text(line)
    paths = [str(workdir / f"s{n}.json") for n in range(5)]
    assert _invoke("verify", *paths).exit_code == 0


def test_jsonl_bad_line_names_the_line(workdir: Path) -> None:
    key_file = json.loads((workdir / "key.json").read_text())
    good = json.dumps(_credential(key_file["controller"]))
    (workdir / "in.jsonl").write_text(f"{good}\n{good}\n{{oops\n{good}\n")
    result = runner.invoke(
        app,
        [
            "sign",
            "--jsonl",
            str(workdir / "in.jsonl"),
            "--key",
            str(workdir / "key.json"),
            "-o",
            str(workdir / "out.jsonl"),
        ],
    )
    assert result.exit_code == 1
    assert "line 3" in result.stderr
    undefined = json.dumps({**json.loads(good), "madeUpTerm": 1})
    (workdir / "in2.jsonl").write_text(f"{good}\n{undefined}\n")
    result = runner.invoke(
        app, ["sign", "--jsonl", str(workdir / "in2.jsonl"), "--key", str(workdir / "key.json")]
    )
    assert result.exit_code == 1
    assert "line 2" in result.stderr and "madeUpTerm" in result.stderr


def test_sign_bad_key_file_is_usage_error(workdir: Path) -> None:
    (workdir / "pub.json").write_text(
        json.dumps(
            {"type": "Multikey", "publicKeyMultibase": Ed25519Key.generate().public_multibase}
        )
    )
    result = runner.invoke(
        app, ["sign", str(workdir / "cred.json"), "--key", str(workdir / "pub.json")]
    )
    assert result.exit_code == 2
    assert "cannot sign" in result.stderr


def test_status_list_round_trip(workdir: Path) -> None:
    key = str(workdir / "key.json")
    lst = str(workdir / "list.json")
    url = "https://example.edu/status/1"
    assert _invoke("status-list", "create", "--id", url, "--key", key, "-o", lst).exit_code == 0
    assert _invoke("status-list", "get", lst, "42").stdout.strip() == "0"
    assert _invoke("status-list", "set", lst, "42", "--key", key).exit_code == 0
    assert _invoke("status-list", "get", lst, "42").stdout.strip() == "1"
    assert _invoke("status-list", "get", lst, "41").stdout.strip() == "0"

    # a credential pointing at entry 42 is now revoked
    key_file = json.loads((workdir / "key.json").read_text())
    cred = _credential(key_file["controller"])
    cred["credentialStatus"] = {
        "id": f"{url}#42",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "42",
        "statusListCredential": url,
    }
    (workdir / "c.json").write_text(json.dumps(cred))
    _invoke("sign", str(workdir / "c.json"), "--key", key, "-o", str(workdir / "s.json"))
    result = _invoke("verify", str(workdir / "s.json"), "--status-list", lst, "--json")
    assert result.exit_code == 1
    status = next(c for c in json.loads(result.stdout)["checks"] if c["name"] == "status")
    assert status["status"] == "fail" and "revoked" in status["message"]

    assert _invoke("status-list", "clear", lst, "42", "--key", key).exit_code == 0
    assert _invoke("verify", str(workdir / "s.json"), "--status-list", lst).exit_code == 0
    assert runner.invoke(app, ["status-list", "get", lst, "999999999"]).exit_code == 2


def _accredo() -> list[str]:
    exe = shutil.which("accredo", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-c", "from accredo.cli import main; main()"]


def test_subprocess_round_trip(tmp_path: Path) -> None:
    cmd = _accredo()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*cmd, *args], capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False
        )

    assert run("keys", "generate", "-o", "key.json").returncode == 0
    key_file = json.loads((tmp_path / "key.json").read_text())
    (tmp_path / "cred.json").write_text(json.dumps(_credential(key_file["controller"])))
    signed = run("sign", "cred.json", "--key", "key.json", "-o", "signed.json")
    assert signed.returncode == 0, signed.stderr
    ok = run("verify", "signed.json")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    doc = json.loads((tmp_path / "signed.json").read_text())
    doc["validFrom"] = "2025-01-01T00:00:01Z"
    (tmp_path / "tampered.json").write_text(json.dumps(doc))
    bad = run("verify", "tampered.json", "--json")
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["verified"] is False
    assert run("verify", "does-not-exist.json").returncode == 2
