"""The document vault on disk: one AES-256-GCM file per document under data_dir/vault.

Each file has its own random data key; the key is wrapped by the master key ring and kept in
the database row, never beside the file. A file is `MAGIC | nonce | ciphertext+tag`, with the
document id as associated data, so files swapped between ids fail to open."""

from __future__ import annotations

import base64
import contextlib
import os
import uuid
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from backend.core.crypto import FieldCipher
from backend.core.files import write_atomically

MAGIC = b"CHV1"
_NONCE_BYTES = 12


def vault_dir(data_dir: Path) -> Path:
    return data_dir / "vault"


def file_path(data_dir: Path, document_id: uuid.UUID) -> Path:
    return vault_dir(data_dir) / f"{document_id}.bin"


def key_context(document_id: uuid.UUID) -> str:
    return f"document-key:{document_id}"


def new_wrapped_key(cipher: FieldCipher, document_id: uuid.UUID) -> tuple[bytes, str]:
    """A fresh 256-bit data key and its wrapping by the key ring."""
    key = AESGCM.generate_key(bit_length=256)
    wrapped = cipher.encrypt(base64.b64encode(key).decode(), context=key_context(document_id))
    return key, wrapped


def unwrap_key(cipher: FieldCipher, document_id: uuid.UUID, wrapped: str) -> bytes:
    return base64.b64decode(cipher.decrypt(wrapped, context=key_context(document_id)))


def write_encrypted(data_dir: Path, document_id: uuid.UUID, key: bytes, plaintext: bytes) -> None:
    """Seal and write atomically (temp file, fsync, rename), readable by this user only."""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, plaintext, document_id.bytes)
    directory = vault_dir(data_dir)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomically(file_path(data_dir, document_id), MAGIC + nonce + sealed, mode=0o600)


def read_decrypted(data_dir: Path, document_id: uuid.UUID, key: bytes) -> bytes | None:
    """The plaintext, or None when the file is gone."""
    try:
        raw = file_path(data_dir, document_id).read_bytes()
    except FileNotFoundError:
        return None
    if not raw.startswith(MAGIC):
        raise ValueError(f"vault file {document_id} has an unknown format")
    body = raw[len(MAGIC) :]
    return AESGCM(key).decrypt(body[:_NONCE_BYTES], body[_NONCE_BYTES:], document_id.bytes)


def remove(data_dir: Path, document_id: uuid.UUID) -> None:
    file_path(data_dir, document_id).unlink(missing_ok=True)


def stored_ids(data_dir: Path, older_than: float) -> list[uuid.UUID]:
    """Ids of vault files last modified before `older_than` (a POSIX time)."""
    directory = vault_dir(data_dir)
    if not directory.exists():
        return []
    found = []
    for path in directory.glob("*.bin"):
        with contextlib.suppress(ValueError, FileNotFoundError):
            if path.stat().st_mtime < older_than:
                found.append(uuid.UUID(path.stem))
    return found
