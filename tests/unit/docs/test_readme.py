"""The README's library example runs as written, and its test command is what CI runs."""

from __future__ import annotations

import re

from shared_vectors import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_library_example_runs_and_verifies() -> None:
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    assert blocks, "the README has no Python example"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    commands = re.findall(r"```bash\n(.*?)\n```", README, flags=re.DOTALL)
    test_command = commands[1].strip()
    assert test_command in (REPO / ".ci" / "run").read_text(encoding="utf-8")
