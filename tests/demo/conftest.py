from __future__ import annotations

from typing import Any

import pytest

# The demo and the standing cast create a dozen accounts; Argon2 takes about half a second per hash.
# Argon2 stays in the list so hashes made with it can still be checked.
FAST_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = FAST_HASHERS
