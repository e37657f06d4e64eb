"""Who may use the provider area and the review queue.

Providers work only in municipalities where they hold the provider role and change only the
offers and places of the organizations they act for; coordinators review in their own
municipality. ``obj`` is a Municipality for the areas, else an offer, place, organization or revision.
"""

import rules

from nahbar.tenancy.predicates import acts_for_organization, has_role, is_coordinator

rules.add_perm("providers.use_area", has_role("provider"))
rules.add_perm("providers.edit_offer", acts_for_organization)
rules.add_perm("providers.edit_place", acts_for_organization)
rules.add_perm("providers.review", is_coordinator)
