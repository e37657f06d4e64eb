"""Who may manage accounts: the coordinators of a municipality, for that municipality only."""

import rules

from nahbar.tenancy.predicates import is_coordinator

# obj: the Municipality, an Invitation or a Registration (anything with a municipality).
rules.add_perm("accounts.manage_accounts", is_coordinator)
