"""Which roles a user holds where; cached per user object so a page asks the database once."""

from __future__ import annotations

from typing import Any

from django_scopes import scopes_disabled

from nahbar.tenancy.models import Membership

_CACHE_ATTR = "_nahbar_roles"


def role_map(user: Any) -> dict[int, frozenset[str]]:
    """``{municipality_id: {role, …}}`` for an authenticated user, else empty."""
    if user is None or not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        grouped: dict[int, set[str]] = {}
        with scopes_disabled():
            for municipality_id, role in Membership.objects.filter(user=user).values_list("municipality_id", "role"):
                grouped.setdefault(municipality_id, set()).add(role)
        cached = {mid: frozenset(roles) for mid, roles in grouped.items()}
        setattr(user, _CACHE_ATTR, cached)
    return cached


def roles_in(user: Any, municipality_id: int | None) -> frozenset[str]:
    if municipality_id is None:
        return frozenset()
    return role_map(user).get(municipality_id, frozenset())


def municipality_ids(user: Any, *roles: str) -> list[int]:
    """Municipalities where the user holds any of ``roles`` (any role when none given)."""
    return sorted(mid for mid, held in role_map(user).items() if not roles or held & set(roles))


def organization_ids(user: Any) -> frozenset[int]:
    """Organizations a provider account acts for (across its municipalities)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_nahbar_orgs", None)
    if cached is None:
        with scopes_disabled():
            cached = frozenset(
                Membership.objects.filter(user=user, role="provider")
                .values_list("organizations", flat=True)
                .exclude(organizations=None)
            )
        user._nahbar_orgs = cached
    return cached


def forget(user: Any) -> None:
    """Drop cached roles after memberships change."""
    for attr in (_CACHE_ATTR, "_nahbar_orgs"):
        if hasattr(user, attr):
            delattr(user, attr)
