"""Who may enter tally counts, see an unreleased campaign report and release it (imported by report_urls).

Kept out of ``nahbar/campaigns/rules.py`` so the campaign pages and the report can be changed separately.
"""

from __future__ import annotations

from typing import Any

import rules

from nahbar.tenancy.predicates import is_coordinator


@rules.predicate
def report_is_released(user: Any, campaign: Any = None) -> bool:
    return campaign is not None and campaign.report_released_at is not None


rules.add_perm("campaigns.enter_tally_counts", is_coordinator)
rules.add_perm("campaigns.view_campaign_report", report_is_released | is_coordinator)
rules.add_perm("campaigns.view_report_details", is_coordinator)
rules.add_perm("campaigns.release_campaign_report", is_coordinator)
