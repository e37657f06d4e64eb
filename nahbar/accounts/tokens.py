"""Signed links in e-mails. The signature proves the link came from us; age and one-time use are checked here."""

from __future__ import annotations

import datetime as dt

from django.core import signing

INVITATION_SALT = "nahbar.accounts.invitation"
INVITATION_MAX_AGE = dt.timedelta(days=14)
REGISTRATION_SALT = "nahbar.accounts.registration"
REGISTRATION_MAX_AGE = dt.timedelta(days=3)


class LinkExpired(Exception):
    """The link is genuine but older than it may be."""


class LinkInvalid(Exception):
    """The link was changed, cut short or never issued by us."""


def make(pk: int, salt: str) -> str:
    return signing.dumps(pk, salt=salt)


def read(token: str, salt: str, max_age: dt.timedelta) -> int:
    """The id inside ``token``; raises LinkExpired or LinkInvalid."""
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise LinkInvalid from None
    if not isinstance(value, int):
        raise LinkInvalid
    return value
