"""The one-click links in a reminder: signed, expiring, one answer per reminder.

A token names the reminder and the action; the signature (with a salt of its own) stops anybody from
making or changing one, ``max_age`` lets it expire. That it was used is kept on the reminder.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "nahbar.freshness.reminder-link"
ACTIONS = ("confirm", "pause", "end")


class Problem(enum.Enum):
    INVALID = "invalid"  # tampered, truncated, or for another municipality
    EXPIRED = "expired"
    USED = "used"


@dataclass(frozen=True)
class LinkData:
    reminder_id: int
    action: str


def max_age_seconds() -> int:
    return int(settings.NAHBAR_FRESHNESS_LINK_DAYS) * 24 * 3600


def make_token(reminder_id: int, action: str) -> str:
    if action not in ACTIONS:
        raise ValueError(action)
    return signing.dumps({"r": reminder_id, "a": action}, salt=SALT, compress=True)


def read_token(token: str) -> LinkData | Problem:
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age_seconds())
    except signing.SignatureExpired:
        return Problem.EXPIRED
    except signing.BadSignature:
        return Problem.INVALID
    if not isinstance(data, dict) or data.get("a") not in ACTIONS or not isinstance(data.get("r"), int):
        return Problem.INVALID
    return LinkData(reminder_id=data["r"], action=data["a"])


def link_url(municipality_slug: str, reminder_id: int, action: str) -> str:
    """The absolute address for the e-mail (SITE_URL: a task has no request to build it from)."""
    path = reverse(
        "freshness-link", kwargs={"municipality_slug": municipality_slug, "token": make_token(reminder_id, action)}
    )
    return settings.SITE_URL.rstrip("/") + path
