"""Permissions on municipalities, memberships and the audit log."""

import rules

from nahbar.tenancy.predicates import is_coordinator, is_member

rules.add_perm("tenancy", is_member)
rules.add_perm("tenancy.view_municipality", is_member)
rules.add_perm("tenancy.change_municipality", is_coordinator)
# Creating or deleting a whole municipality is for the installation's superuser only.
rules.add_perm("tenancy.add_municipality", rules.always_deny)
rules.add_perm("tenancy.delete_municipality", rules.always_deny)

rules.add_perm("tenancy.view_membership", is_coordinator)
rules.add_perm("tenancy.add_membership", is_coordinator)
rules.add_perm("tenancy.change_membership", is_coordinator)
rules.add_perm("tenancy.delete_membership", is_coordinator)

rules.add_perm("tenancy.view_auditevent", is_coordinator)
rules.add_perm("tenancy.add_auditevent", rules.always_deny)
rules.add_perm("tenancy.change_auditevent", rules.always_deny)
rules.add_perm("tenancy.delete_auditevent", rules.always_deny)
