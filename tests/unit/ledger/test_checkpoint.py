"""Signed notes, checkpoints and cosignatures (real Ed25519 keys)."""

from __future__ import annotations

import base64
import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accredo.ledger.checkpoint import Checkpoint
from accredo.ledger.errors import (
    CheckpointError,
    MalformedNoteError,
    NoteSignatureError,
    UnknownSignerError,
)
from accredo.ledger.note import (
    ALG_COSIGNATURE_V1,
    NoteSigner,
    NoteVerifier,
    key_id,
    open_note,
    parse_note,
)

ORIGIN = "credentials.example.org/log"
SEED = bytes(range(32))


@pytest.fixture
def key() -> NoteSigner:
    return NoteSigner.from_seed(ORIGIN, SEED)


def cp(size: int = 7) -> Checkpoint:
    return Checkpoint(ORIGIN, size, bytes(range(32, 64)))


def test_key_id_is_c2sp(key: NoteSigner) -> None:
    import hashlib

    pub = key.verifier.public_key
    assert key.verifier.key_id == hashlib.sha256(ORIGIN.encode() + b"\n\x01" + pub).digest()[:4]
    assert key_id(ORIGIN, 1, pub) == key.verifier.key_id


def test_vkey_skey_roundtrip(key: NoteSigner) -> None:
    assert NoteVerifier.from_vkey(key.verifier.vkey) == key.verifier
    assert NoteSigner.from_skey(key.skey).verifier == key.verifier
    bad = key.verifier.vkey.split("+")
    with pytest.raises(MalformedNoteError):
        NoteVerifier.from_vkey(f"{bad[0]}+00000000+{bad[2]}")


def test_checkpoint_text_format(key: NoteSigner) -> None:
    text = cp().sign(key).render()
    body, sigs = text.split("\n\n")
    assert body.split("\n") == [ORIGIN, "7", base64.b64encode(bytes(range(32, 64))).decode()]
    assert sigs.startswith("\u2014 " + ORIGIN + " ")
    raw = base64.b64decode(sigs.strip().split(" ")[2])
    assert raw[:4] == key.verifier.key_id and len(raw) == 68
    parsed = Checkpoint.parse(text).verify([key.verifier])
    assert (parsed.origin, parsed.size, parsed.root_hash) == (ORIGIN, 7, bytes(range(32, 64)))


def test_wrong_key_is_named(key: NoteSigner) -> None:
    other = NoteSigner.generate(ORIGIN)
    text = cp().sign(other).render()
    with pytest.raises(UnknownSignerError, match="no signature by a trusted key"):
        Checkpoint.parse(text).verify([key.verifier])


def test_tampered_body_fails_signature(key: NoteSigner) -> None:
    text = cp().sign(key).render().replace("\n7\n", "\n8\n")
    with pytest.raises(NoteSignatureError, match="invalid signature"):
        Checkpoint.parse(text).verify([key.verifier])


def test_empty_verifier_list_never_passes(key: NoteSigner) -> None:
    with pytest.raises(CheckpointError):
        Checkpoint.parse(cp().sign(key).render()).verify([])


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no blank line\n",
        f"{ORIGIN}\n7\nAAAA\n\n\u2014 {ORIGIN} AAAAAAAA\n",  # root not 32 bytes
        f"{ORIGIN}\n07\n{base64.b64encode(bytes(32)).decode()}\n\n\u2014 {ORIGIN} AAAAAAAA\n",
        f"{ORIGIN}\n-1\n{base64.b64encode(bytes(32)).decode()}\n\n\u2014 {ORIGIN} AAAAAAAA\n",
        f"{ORIGIN}\n7\n\n\u2014 {ORIGIN} AAAAAAAA\n",
        f"{ORIGIN}\n7\n{base64.b64encode(bytes(32)).decode()}\n\n- {ORIGIN} AAAAAAAA\n",
        f"{ORIGIN}\n7\n{base64.b64encode(bytes(32)).decode()}\n\n\u2014 {ORIGIN} !!!\n",
        f"{ORIGIN}\n7\n{base64.b64encode(bytes(32)).decode()}\n\n\u2014 {ORIGIN} AAAAAAAA",
        f"{ORIGIN}\x01\n7\n{base64.b64encode(bytes(32)).decode()}\n\n\u2014 {ORIGIN} AAAAAAAA\n",
    ],
)
def test_malformed_checkpoints_rejected(text: str) -> None:
    with pytest.raises(MalformedNoteError):
        Checkpoint.parse(text)


@given(st.binary(max_size=200))
def test_parser_never_crashes_unexpectedly(data: bytes) -> None:
    with contextlib.suppress(MalformedNoteError):
        Checkpoint.parse(data)


def test_cosignature_v1(key: NoteSigner) -> None:
    witness = NoteSigner.generate("witness.example.com/w1", alg=ALG_COSIGNATURE_V1)
    signed = cp().sign(key).cosign(witness, timestamp=1_700_000_000)
    text = signed.render()
    note = parse_note(text)
    assert note.signatures[1].timestamp == 1_700_000_000
    v = Checkpoint.parse(text).verify(
        [key.verifier], witnesses=[witness.verifier], witness_quorum=1
    )
    assert len(v.signatures) == 2
    with pytest.raises(CheckpointError, match="witness"):
        Checkpoint.parse(cp().sign(key).render()).verify(
            [key.verifier], witnesses=[witness.verifier], witness_quorum=1
        )
    # a cosignature is not a log signature: the same key as a note key does not verify it
    with pytest.raises(UnknownSignerError):
        open_note(
            cp().cosign(witness, timestamp=1).render(),
            [NoteVerifier(witness.name, witness.verifier.public_key)],
        )


def test_extension_lines_and_time_preserved(key: NoteSigner) -> None:
    from datetime import UTC, datetime

    c = (
        Checkpoint(ORIGIN, 1, bytes(32), ("other ext",))
        .with_time(datetime(2026, 11, 28, 12, 0, tzinfo=UTC))
        .sign(key)
    )
    again = Checkpoint.parse(c.render())
    assert again.render() == c.render()
    assert again.signed_at == datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    assert "other ext" in again.extensions
