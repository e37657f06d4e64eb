"""``{% featured_campaign municipality as campaign %}``: the start page's pointer to the campaign week."""

from __future__ import annotations

from django import template

from nahbar.campaigns.models import Campaign
from nahbar.campaigns.programme import featured_campaign as _featured
from nahbar.tenancy.models import Municipality

register = template.Library()


@register.simple_tag
def featured_campaign(municipality: Municipality) -> Campaign | None:
    return _featured(municipality)
