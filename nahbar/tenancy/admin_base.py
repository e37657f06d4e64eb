"""Base classes that make the Django admin tenant-safe and audited.

* querysets are limited to the user's municipalities (the middleware also opens
  a django-scopes scope for them; this filter covers unscoped models too);
* every permission is an object permission from ``rules.py``;
* related choices are limited to the object's municipality, and a save that
  would move an object out of the user's reach is refused;
* every add, change and delete writes an audit row with the changed fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from rules.contrib.admin import ObjectPermissionsModelAdminMixin

from nahbar.tenancy import audit
from nahbar.tenancy.models import Municipality
from nahbar.tenancy.roles import municipality_ids


def _has_municipality(model: type[models.Model]) -> bool:
    return any(f.name == "municipality" for f in model._meta.get_fields())


def _m2m_snapshot(obj: models.Model) -> dict[str, list[int]]:
    if obj.pk is None:
        return {}
    return {f.name: sorted(getattr(obj, f.name).values_list("pk", flat=True)) for f in obj._meta.many_to_many}


class SameMunicipalityFormMixin(forms.ModelForm):
    """Refuse related objects (FK and M2M) from another municipality than the edited object."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        municipality = cleaned.get("municipality") or getattr(self.instance, "municipality", None)
        if municipality is None:
            return cleaned
        for name, value in list(cleaned.items()):
            if name == "municipality" or value is None:
                continue
            related = list(value) if isinstance(value, models.QuerySet) else [value]
            for item in related:
                if isinstance(item, models.Model) and not isinstance(item, Municipality):
                    other = getattr(item, "municipality_id", municipality.pk)
                    if other is not None and other != municipality.pk:
                        self.add_error(
                            name, ValidationError(_("„%(obj)s“ gehört zu einer anderen Kommune.") % {"obj": item})
                        )
        return cleaned


class TenantModelAdmin(ObjectPermissionsModelAdminMixin, admin.ModelAdmin):
    form = SameMunicipalityFormMixin
    # Providers type "www.verein.de"; https is the sensible default (and Django 6's).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request: HttpRequest) -> models.QuerySet[Any]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser or not _has_municipality(self.model):
            return queryset
        return queryset.filter(municipality__in=municipality_ids(request.user))

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        codename = get_permission_codename("add", self.opts)
        return request.user.has_perm(f"{self.opts.app_label}.{codename}")

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "municipality" and not request.user.is_superuser:
            kwargs["queryset"] = Municipality.objects.filter(pk__in=municipality_ids(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _change_perm(self) -> str:
        return f"{self.opts.app_label}.{get_permission_codename('change', self.opts)}"

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if not request.user.has_perm(self._change_perm(), obj) and not self.has_add_permission(request):
            raise PermissionDenied
        if change:
            fresh = type(obj)._default_manager.get(pk=obj.pk)
            request._audit_before = {**audit.snapshot(fresh), **_m2m_snapshot(fresh)}  # type: ignore[attr-defined]
        else:
            request._audit_before = {}  # type: ignore[attr-defined]
        super().save_model(request, obj, form, change)
        # The user must still be allowed to edit what they just saved (e.g. a provider
        # must not hand an offer to an organization they do not act for).
        if not request.user.has_perm(self._change_perm(), obj):
            transaction.set_rollback(True)
            raise PermissionDenied

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        obj = form.instance
        after = {**audit.snapshot(obj), **_m2m_snapshot(obj)}
        before = getattr(request, "_audit_before", {})
        action = f"{obj._meta.model_name}.{'change' if change else 'create'}"
        changes = audit.diff(before, after) if change else after
        if changes or not change:
            audit.record(actor=request.user, action=action, obj=obj, changes=changes)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        parent = form.instance
        for instance in formset.save(commit=False):
            if hasattr(instance, "municipality_id"):
                instance.municipality_id = parent.municipality_id
            instance.save()
            audit.record(
                actor=request.user,
                action=f"{instance._meta.model_name}.save",
                obj=instance,
                changes=audit.snapshot(instance),
            )
        for instance in formset.deleted_objects:
            label, pk = str(instance), instance.pk
            instance.delete()
            audit.record(
                actor=request.user,
                action=f"{instance._meta.model_name}.delete",
                municipality=getattr(parent, "municipality", None),
                object_type=instance._meta.label_lower,
                object_id=str(pk),
                object_repr=label,
            )
        formset.save_m2m()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        label, pk, municipality = str(obj), obj.pk, getattr(obj, "municipality", None)
        super().delete_model(request, obj)
        audit.record(
            actor=request.user,
            action=f"{obj._meta.model_name}.delete",
            municipality=municipality,
            object_type=obj._meta.label_lower,
            object_id=str(pk),
            object_repr=label,
        )

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)


class TenantInline(ObjectPermissionsModelAdminMixin, admin.TabularInline):
    """Inline children share the parent's municipality, set on save."""

    extra = 0
    exclude = ["municipality"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(self._parent_perm(), obj) if obj is not None else True

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(self._parent_perm(), obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm(self._parent_perm(), obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        parent = self.parent_model._meta
        return request.user.has_perm(f"{parent.app_label}.view_{parent.model_name}", obj)

    def _parent_perm(self) -> str:
        parent = self.parent_model._meta
        return f"{parent.app_label}.change_{parent.model_name}"
