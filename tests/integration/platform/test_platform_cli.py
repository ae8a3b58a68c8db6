"""The platform CLI: demo, import (with re-import), issue."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
from platform_helpers import BASE_URL, Backend
from typer.testing import CliRunner

from accredo.cli import app


@pytest.fixture
def env(tmp_path: Path, backend: Backend) -> dict[str, str]:
    return {
        "ACCREDO_DATA_DIR": str(tmp_path / "data"),
        "ACCREDO_DATABASE_URL": backend.url_with_schema(),
        "ACCREDO_BASE_URL": BASE_URL,
        "ACCREDO_REDIS_URL": "",
    }


def test_demo_import_issue(env: dict[str, str], tmp_path: Path) -> None:
    runner = CliRunner()
    demo = runner.invoke(app, ["demo"], env=env)
    assert demo.exit_code == 0, demo.output
    assert "API token: acc_" in demo.output
    demo_file = Path(env["ACCREDO_DATA_DIR"]) / "demo.txt"
    assert stat.S_IMODE(demo_file.stat().st_mode) == 0o600

    csv_file = tmp_path / "learners.csv"
    csv_file.write_text(
        "email,name,result\n" + "".join(f"p{i}@example.org,P {i},A\n" for i in range(30))
    )
    first = runner.invoke(
        app,
        ["import", str(csv_file), "--achievement", "digital-marketing", "--org", "northbridge"],
        env=env,
    )
    assert first.exit_code == 0, first.output
    assert "issued 30" in first.output
    again = runner.invoke(
        app,
        ["import", str(csv_file), "--achievement", "digital-marketing", "--org", "northbridge"],
        env=env,
    )
    assert again.exit_code == 0 and "nothing to do" in again.output

    bad = tmp_path / "bad.csv"
    bad.write_text("email,name\nnot-an-email,X\nok@example.org,Y\n")
    refused = runner.invoke(
        app,
        ["import", str(bad), "--achievement", "digital-marketing", "--org", "northbridge"],
        env=env,
    )
    assert refused.exit_code == 1
    assert "line 2" in refused.output and "nothing was issued" in refused.output

    out = tmp_path / "one.json"
    one = runner.invoke(
        app,
        [
            "issue",
            "--achievement",
            "public-speaking",
            "--email",
            "z@example.org",
            "--name",
            "Zed",
            "--org",
            "northbridge",
            "-o",
            str(out),
        ],
        env=env,
    )
    assert one.exit_code == 0, one.output
    doc = json.loads(out.read_text())
    assert doc["id"].startswith(f"{BASE_URL}/credentials/")
    unknown = runner.invoke(
        app,
        ["issue", "--achievement", "nope", "--email", "z@example.org", "--org", "northbridge"],
        env=env,
    )
    assert unknown.exit_code == 1 and "no such achievement" in unknown.output
