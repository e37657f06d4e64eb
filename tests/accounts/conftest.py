"""Helpers for the account tests: real TOTP codes, links out of e-mails."""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

STRONG_PASSWORD = "Lindenblüte-im-Hof-42"


@pytest.fixture
def otp_required(settings: Any) -> None:
    settings.NAHBAR_OTP_REQUIRED = True


def add_device(user: Any) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="test", confirmed=True)


def code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code the phone app would show now (or ``steps_ahead`` × 30 s later)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def last_link() -> str:
    """The path of the link in the newest e-mail."""
    body = mail.outbox[-1].body
    match = re.search(r"https?://\S+", body)
    assert match, body
    return urlsplit(match.group(0)).path
