"""Field encryption for personal data at rest (AES-256-GCM with a key ring).

A token names the key that sealed it, so keys can be rotated: the first key of the ring seals,
every key of the ring opens. `context` is bound as associated data, so a ciphertext copied into
another row or column fails to open instead of revealing another record's plaintext."""

from __future__ import annotations

import base64
import os
import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from backend.core.errors import AppError

_VERSION = "v1"
_NONCE_BYTES = 12
KEY_BYTES = 32


class UndecryptableField(AppError):
    status, code, message = 500, "undecryptable", "Stored data could not be decrypted."


def parse_key_ring(spec: str) -> dict[str, bytes]:
    """`kid:base64url-key,kid:base64url-key,...` (first one current) -> {kid: key}."""
    ring: dict[str, bytes] = {}
    for entry in filter(None, (part.strip() for part in spec.split(","))):
        kid, sep, encoded = entry.partition(":")
        if not sep or not kid.isalnum():
            raise ValueError("each encryption key is written kid:base64url-key")
        key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        if len(key) != KEY_BYTES:
            raise ValueError(f"encryption key {kid!r} must be {KEY_BYTES} bytes")
        if kid in ring:
            raise ValueError(f"encryption key id {kid!r} appears twice")
        ring[kid] = key
    if not ring:
        raise ValueError("at least one encryption key is needed")
    return ring


def new_key_entry(kid: str) -> str:
    """A fresh `kid:key` entry for the key ring setting."""
    return f"{kid}:{base64.urlsafe_b64encode(secrets.token_bytes(KEY_BYTES)).decode().rstrip('=')}"


class FieldCipher:
    def __init__(self, ring: dict[str, bytes]) -> None:
        self._current = next(iter(ring))
        self._keys = {kid: AESGCM(key) for kid, key in ring.items()}

    @classmethod
    def from_spec(cls, spec: str) -> FieldCipher:
        return cls(parse_key_ring(spec))

    def encrypt(self, plaintext: str, *, context: str) -> str:
        nonce = os.urandom(_NONCE_BYTES)
        sealed = self._keys[self._current].encrypt(
            nonce, plaintext.encode("utf-8"), context.encode("utf-8")
        )
        body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
        return f"{_VERSION}.{self._current}.{body}"

    def decrypt(self, token: str, *, context: str) -> str:
        try:
            version, kid, body = token.split(".", 2)
            raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
            if version != _VERSION or kid not in self._keys:
                raise ValueError(kid)
            opened = self._keys[kid].decrypt(
                raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], context.encode("utf-8")
            )
        except (ValueError, InvalidTag) as error:
            raise UndecryptableField() from error
        return opened.decode("utf-8")

    def needs_rewrap(self, token: str) -> bool:
        """Whether a token was sealed by an older key (for key rotation)."""
        return not token.startswith(f"{_VERSION}.{self._current}.")
