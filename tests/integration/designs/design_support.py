"""Helpers for the design builder tests."""

from __future__ import annotations

import io
import re
from typing import Any

from PIL import Image

_DESIGN_LINK = re.compile(r'href="/console/designs/([0-9a-f-]{36})"')


def png(width: int = 40, height: int = 20, color: str = "#e11d48") -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buf, "PNG")
    return buf.getvalue()


def json_post(client: Any, path: str, body: object, *, csrf: bool = True) -> Any:
    headers = {"X-CSRF-Token": client.csrf} if csrf else {}
    return client.post(path, json=body, headers=headers)


def upload(client: Any, data: bytes, kind: str, name: str = "file.bin") -> Any:
    return client.post(
        "/console/designs/assets",
        files={"file": (name, data, "application/octet-stream")},
        data={"kind": kind},
        headers={"X-CSRF-Token": client.csrf},
    )


def create_from_template(client: Any, template: str, name: str = "") -> str:
    r = client.submit("/console/designs/new", {"template": template, "name": name})
    assert r.status_code == 303, r.text
    location = r.headers["location"]
    assert location.startswith("/console/designs/")
    return str(location.rsplit("/", 1)[1])
