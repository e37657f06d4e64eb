"""Who may see the stale offers and act on them: the municipality's coordinators."""

import rules

from nahbar.tenancy.predicates import is_coordinator

rules.add_perm("freshness.view_dashboard", is_coordinator)
rules.add_perm("freshness.act_on_offer", is_coordinator)
