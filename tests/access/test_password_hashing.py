"""Passwords are hashed with Argon2 in the shipped settings (the tests run with a fast
hasher, set in tests/conftest.py, so this reads the settings module itself)."""

import importlib


def test_the_shipped_settings_hash_with_argon2_first():
    shipped = importlib.import_module("reintegra.settings")
    assert shipped.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_demo_password_is_stored_as_argon2(tmp_path):
    from django.contrib.auth.hashers import Argon2PasswordHasher

    encoded = Argon2PasswordHasher().encode("reintegra-demo", Argon2PasswordHasher().salt())
    assert encoded.startswith("argon2$") and Argon2PasswordHasher().verify("reintegra-demo", encoded)
