"""Tenant-checking access helpers: the only way views fetch tenant-owned objects.

An object of another municipality is indistinguishable from a missing one
(404), so URLs cannot be used to probe what exists elsewhere. A missing
permission on an object of one's own municipality is a 403.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.http import Http404

from nahbar.tenancy.models import Municipality

M = TypeVar("M", bound=models.Model)


def get_for_municipality(source: type[M] | models.QuerySet[M], municipality: Municipality, **lookup: Any) -> M:
    """The object matching ``lookup`` that belongs to ``municipality``, else Http404."""
    queryset = source._default_manager.all() if isinstance(source, type) else source
    model_name = queryset.model._meta.verbose_name
    try:
        return queryset.filter(municipality=municipality).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404(f"{model_name} not found") from None


def get_permitted(
    source: type[M] | models.QuerySet[M], *, user: Any, perm: str, municipality: Municipality, **lookup: Any
) -> M:
    """As :func:`get_for_municipality`, then require ``perm`` on the object (403 otherwise)."""
    obj = get_for_municipality(source, municipality, **lookup)
    if not user.has_perm(perm, obj):
        raise PermissionDenied
    return obj
