"""``accredo keys | sign | verify | status-list``: the credential engine on the command line.

accredo keys generate -o key.json
accredo sign credential.json --key key.json -o signed.json
accredo verify signed.json            # exit 0 verified, 1 not verified, 2 usage error
accredo sign --jsonl batch.jsonl --key key.json -o signed.jsonl
accredo status-list create --id https://example.edu/status/1 --key key.json -o list.json
accredo status-list set list.json 42 --key key.json
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from accredo.errors import AccredoError
from accredo.proofs.dataintegrity import check_proof, sign_credential
from accredo.proofs.did import LocalDidResolver, did_key, did_key_verification_method
from accredo.proofs.jose import sign_vc_jwt
from accredo.proofs.keys import Ed25519Key
from accredo.proofs.status_list import (
    MIN_SIZE,
    BitstringStatusList,
    status_list_credential,
)
from accredo.verify import InMemoryStatusLists, Report, check_credential

__all__ = ["register"]


class Suite(StrEnum):
    RDFC = "eddsa-rdfc-2022"
    JCS = "eddsa-jcs-2022"
    JWT = "vc-jwt"


class Purpose(StrEnum):
    REVOCATION = "revocation"
    SUSPENSION = "suspension"


keys_app = typer.Typer(help="Signing keys (Ed25519 Multikey).", no_args_is_help=True)
status_app = typer.Typer(
    help="Bitstring status lists: create, set, clear, get.", no_args_is_help=True
)


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _read_json_file(path: Path, what: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise _fail(f"cannot read {what} {path}: {exc.strerror}", 2) from None
    except ValueError:
        raise _fail(f"{what} {path} is not valid JSON", 2) from None
    if not isinstance(data, dict):
        raise _fail(f"{what} {path} is not a JSON object", 2)
    return data


def _load_key(path: Path) -> tuple[Ed25519Key, dict[str, Any]]:
    data = _read_json_file(path, "key file")
    try:
        key = Ed25519Key.from_key_file(data)
    except AccredoError as exc:
        raise _fail(f"key file {path}: {exc}", 2) from None
    if not key.has_secret:
        raise _fail(f"key file {path} has no secret key; it cannot sign", 2)
    return key, data


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None or str(path) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    with path.open("w", encoding="utf-8") as handle:
        yield handle


@contextmanager
def _input(path: Path | None) -> Iterator[TextIO]:
    if path is None or str(path) == "-":
        yield sys.stdin
        return
    try:
        handle = path.open("r", encoding="utf-8")
    except OSError as exc:
        raise _fail(f"cannot read {path}: {exc.strerror}", 2) from None
    with handle:
        yield handle


# --- keys ----------------------------------------------------------------------------------------


@keys_app.command("generate")
def keys_generate(
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the key file here (mode 0600).")
    ] = None,
    controller: Annotated[
        str | None,
        typer.Option(help="Controller DID (e.g. your did:web); default: the key's did:key."),
    ] = None,
) -> None:
    """Generate an Ed25519 signing key and print (or write) its key file."""
    key = Ed25519Key.generate()
    if controller is None:
        key_file = key.to_key_file(id=did_key_verification_method(key), controller=did_key(key))
    else:
        key_file = key.to_key_file(controller=controller)
    text = json.dumps(key_file, indent=2) + "\n"
    if output is None:
        typer.echo(text, nl=False)
    else:
        _write_private(output, text)
        typer.echo(f"wrote {output} ({key_file['id']})", err=True)


# --- sign ----------------------------------------------------------------------------------------


def _signer(key: Ed25519Key, method: str, suite: Suite, created: str | None) -> Any:
    def sign(credential: dict[str, Any]) -> str:
        if suite is Suite.JWT:
            return sign_vc_jwt(credential, key, kid=method)
        signed = sign_credential(
            credential, key, verification_method=method, cryptosuite=suite.value, created=created
        )
        return json.dumps(signed, ensure_ascii=False)

    return sign


def sign(
    file: Annotated[
        Path | None, typer.Argument(help="Credential JSON (or JSON Lines); '-' or none: stdin.")
    ] = None,
    *,
    key: Annotated[Path, typer.Option("--key", help="Key file from `accredo keys generate`.")],
    suite: Annotated[Suite, typer.Option("--suite", help="Proof format.")] = Suite.RDFC,
    verification_method: Annotated[
        str | None,
        typer.Option(
            "--verification-method", help="Verification method URL; default: the key file's id."
        ),
    ] = None,
    created: Annotated[
        str | None, typer.Option("--created", help="Proof creation time (ISO 8601); default now.")
    ] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Output file.")] = None,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="JSON Lines in and out: one credential per line.")
    ] = False,
) -> None:
    """Sign credentials with a Data Integrity proof (default eddsa-rdfc-2022) or as a VC-JWT."""
    signing_key, key_file = _load_key(key)
    method = verification_method or key_file.get("id") or did_key_verification_method(signing_key)
    if not isinstance(method, str):
        raise _fail("the key file's id is not a string; pass --verification-method", 2)
    if created is not None and suite is Suite.JWT:
        typer.echo("warning: --created is ignored for vc-jwt", err=True)
    sign_one = _signer(signing_key, method, suite, created)
    with _input(file) as source, _output(output) as sink:
        if jsonl:
            count = 0
            for number, line in enumerate(source, start=1):
                if not line.strip():
                    continue
                sink.write(_sign_text(sign_one, line, f"line {number}") + "\n")
                count += 1
            typer.echo(f"signed {count} credential(s)", err=True)
            return
        text = source.read()
        out = _sign_text(sign_one, text, str(file or "stdin"))
        if suite is Suite.JWT:
            sink.write(out + "\n")
        else:
            sink.write(json.dumps(json.loads(out), indent=2, ensure_ascii=False) + "\n")


def _sign_text(sign_one: Any, text: str, where: str) -> str:
    try:
        credential = json.loads(text)
    except ValueError as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "invalid JSON"
        raise _fail(f"{where}: not valid JSON ({reason})") from None
    except RecursionError:
        raise _fail(f"{where}: the JSON nests too deeply") from None
    if not isinstance(credential, dict):
        raise _fail(f"{where}: not a JSON object")
    try:
        result: str = sign_one(credential)
    except AccredoError as exc:
        raise _fail(f"{where}: cannot sign: {exc}") from None
    except RecursionError:
        raise _fail(f"{where}: the JSON nests too deeply") from None
    return result


# --- verify --------------------------------------------------------------------------------------

_MARK = {"pass": "✓", "fail": "✗", "warning": "!", "not-checked": "-"}


def _print_report(name: str, report: Report) -> None:
    verdict = "VERIFIED" if report.verified else "NOT VERIFIED"
    typer.echo(f"{name}: {verdict}")
    for check in report.checks:
        typer.echo(
            f"  {_MARK[check.status.value]} {check.name} [{check.status.value}]: {check.message}"
        )


def verify(
    files: Annotated[
        list[Path], typer.Argument(help="Credential files (JSON or VC-JWT); '-': stdin.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the reports as JSON.")] = False,
    did_document: Annotated[
        list[Path] | None,
        typer.Option("--did-document", help="A DID document to trust for key resolution."),
    ] = None,
    status_list: Annotated[
        list[Path] | None,
        typer.Option("--status-list", help="A status list credential file to check status with."),
    ] = None,
) -> None:
    """Verify credentials; exit 0 if every one verifies, 1 if any does not, 2 on a usage error."""
    resolver = LocalDidResolver()
    for path in did_document or []:
        try:
            resolver.add_document(_read_json_file(path, "DID document"))
        except (AccredoError, KeyError, TypeError, ValueError):
            raise _fail(f"DID document {path} is not a usable DID document", 2) from None
    lists: InMemoryStatusLists | None = None
    if status_list:
        lists = InMemoryStatusLists()
        for path in status_list:
            try:
                lists.add(_read_json_file(path, "status list"))
            except AccredoError as exc:
                raise _fail(f"status list {path}: {exc}", 2) from None
    reports: list[tuple[str, Report]] = []
    for path in files:
        if str(path) == "-":
            source: bytes | Path = sys.stdin.buffer.read()
        elif not path.is_file():
            raise _fail(f"no such file: {path}", 2)
        else:
            source = path
        reports.append((str(path), check_credential(source, resolver=resolver, status_lists=lists)))
    if as_json:
        out = [{"file": name, **report.to_dict()} for name, report in reports]
        typer.echo(json.dumps(out if len(out) > 1 else out[0], indent=2))
    else:
        for name, report in reports:
            _print_report(name, report)
    if not all(report.verified for _, report in reports):
        raise typer.Exit(1)


# --- status-list ---------------------------------------------------------------------------------


def _load_list(path: Path) -> tuple[dict[str, Any], BitstringStatusList]:
    credential = _read_json_file(path, "status list")
    subject = credential.get("credentialSubject")
    encoded = subject.get("encodedList") if isinstance(subject, dict) else None
    if not isinstance(encoded, str):
        raise _fail(f"{path} is not a BitstringStatusListCredential", 2)
    try:
        return credential, BitstringStatusList.decode(encoded)
    except AccredoError as exc:
        raise _fail(f"{path}: {exc}", 2) from None


def _sign_list(credential: dict[str, Any], key: Ed25519Key, method: str) -> dict[str, Any]:
    unsigned = {k: v for k, v in credential.items() if k != "proof"}
    return sign_credential(unsigned, key, verification_method=method)


@status_app.command("create")
def status_create(
    list_id: Annotated[str, typer.Option("--id", help="URL the list will be published at.")],
    key: Annotated[Path, typer.Option("--key", help="Issuer's key file; signs the list.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Status list file to write.")],
    purpose: Annotated[Purpose, typer.Option(help="What a set bit means.")] = Purpose.REVOCATION,
    size: Annotated[int, typer.Option(help=f"Number of entries (≥ {MIN_SIZE}).")] = MIN_SIZE,
    issuer: Annotated[
        str | None, typer.Option(help="Issuer IRI; default: the key file's controller.")
    ] = None,
) -> None:
    """Create a signed BitstringStatusListCredential with every bit clear."""
    signing_key, key_file = _load_key(key)
    try:
        bits = BitstringStatusList(size)
        credential = status_list_credential(
            id=list_id,
            issuer=issuer or str(key_file.get("controller") or did_key(signing_key)),
            status_list=bits,
            purpose=purpose.value,
        )
        signed = _sign_list(credential, signing_key, str(key_file["id"]))
    except AccredoError as exc:
        raise _fail(str(exc), 2) from None
    output.write_text(json.dumps(signed, indent=2) + "\n", encoding="utf-8")
    typer.echo(f"wrote {output}: {bits.size} entries, purpose {purpose.value}", err=True)


def _flip(path: Path, index: int, key: Path, value: bool) -> None:
    signing_key, key_file = _load_key(key)
    credential, bits = _load_list(path)
    if not 0 <= index < bits.size:
        raise _fail(f"index {index} is outside the list (0..{bits.size - 1})", 2)
    bits.set(index, value)
    credential["credentialSubject"]["encodedList"] = bits.encode()
    try:
        signed = _sign_list(credential, signing_key, str(key_file["id"]))
    except AccredoError as exc:
        raise _fail(str(exc)) from None
    path.write_text(json.dumps(signed, indent=2) + "\n", encoding="utf-8")
    typer.echo(f"{path}: entry {index} {'set' if value else 'cleared'}", err=True)


@status_app.command("set")
def status_set(
    file: Annotated[Path, typer.Argument(help="Status list file.")],
    index: Annotated[int, typer.Argument(help="Entry index.")],
    key: Annotated[Path, typer.Option("--key", help="Key file that re-signs the list.")],
) -> None:
    """Set an entry's bit (revoke / suspend) and re-sign the list."""
    _flip(file, index, key, True)


@status_app.command("clear")
def status_clear(
    file: Annotated[Path, typer.Argument(help="Status list file.")],
    index: Annotated[int, typer.Argument(help="Entry index.")],
    key: Annotated[Path, typer.Option("--key", help="Key file that re-signs the list.")],
) -> None:
    """Clear an entry's bit (reinstate) and re-sign the list."""
    _flip(file, index, key, False)


@status_app.command("get")
def status_get(
    file: Annotated[Path, typer.Argument(help="Status list file.")],
    index: Annotated[int, typer.Argument(help="Entry index.")],
) -> None:
    """Print 1 if the entry's bit is set, 0 if clear (and warn if the list's proof is bad)."""
    credential, bits = _load_list(file)
    if not 0 <= index < bits.size:
        raise _fail(f"index {index} is outside the list (0..{bits.size - 1})", 2)
    if not check_proof(credential, resolver=LocalDidResolver()).ok:
        typer.echo("warning: the status list's proof does not verify", err=True)
    typer.echo("1" if bits.get(index) else "0")


def register(app: typer.Typer) -> None:
    """Add the engine's commands to the ``accredo`` CLI."""
    app.add_typer(keys_app, name="keys")
    app.command("sign")(sign)
    app.command("verify")(verify)
    app.add_typer(status_app, name="status-list")
