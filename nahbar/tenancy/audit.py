"""Writing the audit log. Service functions call :func:`record` inside their transaction."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable
from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from nahbar.tenancy.models import AuditEvent, Municipality

Actor = AbstractBaseUser | AnonymousUser | None


def actor_label(actor: Actor) -> str:
    if actor is None or not actor.is_authenticated:
        return "system"
    return actor.get_username()


def _plain(value: Any) -> Any:
    """Make a field value JSON-friendly so it can sit in AuditEvent.changes."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``obj`` (foreign keys as ids)."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: _plain(getattr(obj, name)) for name in names}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for every field whose value changed."""
    keys = sorted(set(before) | set(after))
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def record(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    municipality: Municipality | None = None,
    changes: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    event = build(
        actor=actor,
        action=action,
        obj=obj,
        municipality=municipality,
        changes=changes,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
    )
    event.save(force_insert=True)
    return event


def build(
    *,
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    municipality: Municipality | None = None,
    changes: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """The audit row, unsaved: bulk writers (imports) save many with ``AuditEvent.objects.bulk_create``."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
        if municipality is None:
            municipality = getattr(obj, "municipality", None)
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent(
        actor=cast(Any, user),
        actor_label=actor_label(actor),
        municipality=municipality,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        changes=_plain(changes or {}),
    )
