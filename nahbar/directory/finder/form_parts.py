"""The finder form's option lists and checkbox groups, built in Python.

Through the template engine the six radius options alone (a ``{% blocktranslate %}`` each) cost more
than all of the form's other labels together, and the form is rendered again for every new combination
of filters (``form_cache`` only helps when the same address comes back). Every value is escaped here; the
markup and the msgids are the ones the template had.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


def checkboxes(name: str, options: Iterable[tuple[str, Any]], chosen: set[str]) -> SafeString:
    """KERN checkboxes ``finder-<name>-<code>`` for (code, label) pairs, checked where the code is chosen."""
    parts = []
    for raw_code, label in options:
        code = escape(raw_code)
        field_id = f"finder-{name}-{code}"
        checked = " checked" if raw_code in chosen else ""
        parts.append(
            f'<div class="kern-form-check"><input class="kern-form-check__input" type="checkbox" id="{field_id}" '
            f'name="{name}" value="{code}"{checked}><label class="kern-label" for="{field_id}">'
            f"{escape(str(label))}</label></div>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped here


def options(choices: Iterable[tuple[Any, Any]], selected: Any) -> SafeString:
    """``<option>`` elements for (value, label) pairs; the one whose value equals ``selected`` is selected."""
    parts = []
    for value, label in choices:
        mark = " selected" if value == selected else ""
        parts.append(f'<option value="{escape(str(value))}"{mark}>{escape(str(label))}</option>')
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped here


def radius_options(radii: Iterable[float], selected: float) -> SafeString:
    """The "Umkreis" options: value as the URL writes it ("0.5"), label localised ("0,5 km")."""
    parts = []
    for km in radii:
        mark = " selected" if km == selected else ""
        label = _("%(km)s km") % {"km": floatformat(km, -1)}
        parts.append(f'<option value="{format(km, "g")}"{mark}>{escape(label)}</option>')
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped here
