"""Reusable permission predicates shared by every app's ``rules.py``.

A predicate gets ``(user, obj)``. ``obj`` is a tenant-owned object (anything with
a ``municipality`` or ``municipality_id``), a Municipality, or ``None`` when the
admin asks about a model in general ("may this user see offers at all?").
"""

from __future__ import annotations

from typing import Any

import rules

from nahbar.tenancy.roles import organization_ids, role_map, roles_in


def municipality_id_of(obj: Any) -> int | None:
    if obj is None:
        return None
    if obj.__class__.__name__ == "Municipality":
        return int(obj.pk)
    mid = getattr(obj, "municipality_id", None)
    return int(mid) if mid is not None else None


def has_role(*roles: str) -> rules.Predicate:
    """True if the user holds one of ``roles`` in the object's municipality (anywhere when obj is None)."""
    wanted = frozenset(roles)

    @rules.predicate(name=f"has_role({','.join(roles)})")
    def check(user: Any, obj: Any = None) -> bool:
        if obj is None:
            return any(held & wanted for held in role_map(user).values())
        return bool(roles_in(user, municipality_id_of(obj)) & wanted)

    return check


@rules.predicate
def is_member(user: Any, obj: Any = None) -> bool:
    if obj is None:
        return bool(role_map(user))
    return bool(roles_in(user, municipality_id_of(obj)))


@rules.predicate
def acts_for_organization(user: Any, obj: Any = None) -> bool:
    """A provider bound to the object's organization (the object may be the organization itself)."""
    if obj is None:
        return bool(organization_ids(user)) and bool(has_role("provider")(user, None))
    if not roles_in(user, municipality_id_of(obj)) & {"provider"}:
        return False
    org_id = obj.pk if obj.__class__.__name__ == "Organization" else getattr(obj, "organization_id", None)
    return org_id is not None and org_id in organization_ids(user)


is_coordinator = has_role("coordinator")
is_planner = has_role("planner")
is_staff_role = has_role("coordinator", "planner", "outreach", "provider", "viewer")
