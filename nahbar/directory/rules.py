"""Who may see and change the directory.

Coordinators curate everything in their municipality; providers change only
what belongs to the organizations they act for; every member may read.
"""

from typing import Any

import rules

from nahbar.tenancy.predicates import acts_for_organization, has_role, is_coordinator, is_member

can_add_content = has_role("coordinator", "provider")
can_change_content = is_coordinator | acts_for_organization


@rules.predicate
def is_local_term(user: Any, term: Any = None) -> bool:
    # Seeded (shared) terms have no municipality and are changed only by superusers.
    return term is None or term.municipality_id is not None


@rules.predicate
def is_member_anywhere(user: Any) -> bool:
    return bool(is_member(user, None))


rules.add_perm("directory", is_member)

rules.add_perm("directory.view_organization", is_member)
rules.add_perm("directory.add_organization", is_coordinator)
rules.add_perm("directory.change_organization", can_change_content)
rules.add_perm("directory.delete_organization", is_coordinator)

for model in ("place", "offer", "schedule"):
    rules.add_perm(f"directory.view_{model}", is_member)
    rules.add_perm(f"directory.add_{model}", can_add_content)
    rules.add_perm(f"directory.change_{model}", can_change_content)
    rules.add_perm(f"directory.delete_{model}", is_coordinator)

rules.add_perm("directory.view_term", is_member_anywhere)
rules.add_perm("directory.add_term", is_coordinator)
rules.add_perm("directory.change_term", is_coordinator & is_local_term)
rules.add_perm("directory.delete_term", is_coordinator & is_local_term)

# Spreadsheet import writes many rows at once: coordinators only (see docs/spreadsheets.md).
rules.add_perm("directory.import_spreadsheet", is_coordinator)
