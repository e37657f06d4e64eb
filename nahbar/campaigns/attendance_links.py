"""The signed reminder link: lets a provider enter head counts for one offer without logging in.

The token names the municipality, campaign and offer; it is signed with a salt used for nothing else and
expires after LINK_DAYS. It grants exactly one thing: entering counts for that offer's past occurrences in
that campaign. Anything else about the request (the municipality in the address) must agree with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

from nahbar.campaigns.attendance import LINK_DAYS
from nahbar.campaigns.models import Campaign
from nahbar.directory.models import Offer

SALT = "nahbar.campaigns.attendance-link.v1"
MAX_AGE = dt.timedelta(days=LINK_DAYS)


@dataclass(frozen=True)
class LinkClaim:
    municipality_id: int
    campaign_id: int
    offer_id: int


class BadLink(Exception):
    """The link is not valid; ``expired`` tells an old link from a broken or altered one."""

    def __init__(self, *, expired: bool) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def make_token(campaign: Campaign, offer: Offer) -> str:
    payload = {"m": campaign.municipality_id, "c": campaign.pk, "o": offer.pk}
    return signing.dumps(payload, salt=SALT, compress=True)


def read_token(token: str, *, max_age: dt.timedelta = MAX_AGE) -> LinkClaim:
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise BadLink(expired=True) from None
    except signing.BadSignature:
        raise BadLink(expired=False) from None
    try:
        return LinkClaim(municipality_id=int(payload["m"]), campaign_id=int(payload["c"]), offer_id=int(payload["o"]))
    except (KeyError, TypeError, ValueError):
        raise BadLink(expired=False) from None


def link_path(campaign: Campaign, offer: Offer, municipality_slug: str) -> str:
    return reverse(
        "attendance-link", kwargs={"municipality_slug": municipality_slug, "token": make_token(campaign, offer)}
    )
