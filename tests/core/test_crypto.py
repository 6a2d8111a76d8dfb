"""Field encryption: sealed values open only with their context, under any key of the ring."""

import pytest

from backend.core.crypto import FieldCipher, UndecryptableField, new_key_entry, parse_key_ring
from backend.core.settings import Environment, Settings


def test_round_trip_binds_the_context():
    cipher = FieldCipher.from_spec(new_key_entry("k1"))
    token = cipher.encrypt("홍길동 010-1234-5678", context="users.legal_name:1")
    assert "홍길동" not in token
    assert token.startswith("v1.k1.")
    assert cipher.decrypt(token, context="users.legal_name:1") == "홍길동 010-1234-5678"
    with pytest.raises(UndecryptableField):
        cipher.decrypt(token, context="users.legal_name:2")
    assert cipher.encrypt("same", context="c") != cipher.encrypt("same", context="c")


def test_rotation_keeps_old_tokens_readable():
    old, new = new_key_entry("k1"), new_key_entry("k2")
    token = FieldCipher.from_spec(old).encrypt("secret", context="c")
    rotated = FieldCipher.from_spec(f"{new},{old}")
    assert rotated.decrypt(token, context="c") == "secret"
    assert rotated.needs_rewrap(token)
    assert not rotated.needs_rewrap(rotated.encrypt("secret", context="c"))
    with pytest.raises(UndecryptableField):
        FieldCipher.from_spec(new).decrypt(token, context="c")


@pytest.mark.parametrize("token", ["", "v1.k1", "v2.k1.AAAA", "v1.k1.!!!!", "v1.k1.AAAA"])
def test_garbage_is_refused_cleanly(token):
    with pytest.raises(UndecryptableField):
        FieldCipher.from_spec(new_key_entry("k1")).decrypt(token, context="c")


@pytest.mark.parametrize("spec", ["", "k1", "k1:short", "k-1:" + "A" * 43, "k1:x,k1:y"])
def test_bad_key_rings_are_refused(spec):
    with pytest.raises(ValueError, match=r"(?i)key|padding|base64|character"):
        parse_key_ring(spec)


def test_production_requires_keys(tmp_path):
    with pytest.raises(ValueError, match="ENCRYPTION_KEYS"):
        Settings(env=Environment.PRODUCTION, data_dir=tmp_path, secret_key="x" * 40)


def test_development_generates_a_private_key_file(tmp_path):
    first = Settings(data_dir=tmp_path).encryption_keys.get_secret_value()
    assert Settings(data_dir=tmp_path).encryption_keys.get_secret_value() == first
    assert (tmp_path / "encryption.keys").stat().st_mode & 0o077 == 0
