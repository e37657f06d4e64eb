"""Who may see and change campaign weeks.

Coordinators set up campaigns in their municipality; every member may read them; providers submit
events for the organizations they act for (the organization is checked by the submission service).
"""

import rules

from nahbar.tenancy.predicates import has_role, is_coordinator, is_member

rules.add_perm("campaigns", is_member)

rules.add_perm("campaigns.view_campaign", is_member)
rules.add_perm("campaigns.add_campaign", is_coordinator)
rules.add_perm("campaigns.change_campaign", is_coordinator)
rules.add_perm("campaigns.delete_campaign", is_coordinator)

rules.add_perm("campaigns.view_campaignentry", is_member)
# Entries are made by the submission form, never typed into the admin.
rules.add_perm("campaigns.add_campaignentry", rules.always_deny)
rules.add_perm("campaigns.change_campaignentry", is_coordinator)
rules.add_perm("campaigns.delete_campaignentry", is_coordinator)

# Object: the campaign. The organization a provider submits for is checked by the service.
rules.add_perm("campaigns.submit_to_campaign", has_role("provider"))
