"""E-mails of the account workflows, in German, rendered from templates in templates/accounts/email/."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation


def absolute(url_name: str, **kwargs: Any) -> str:
    """A full address for e-mails (no request at hand): NAHBAR_SITE_URL + the German path."""
    with translation.override("de"):
        return settings.SITE_URL.rstrip("/") + reverse(url_name, kwargs=kwargs)


def send(template: str, recipients: Iterable[str], context: dict[str, Any]) -> None:
    to = sorted({address for address in recipients if address})
    if not to:
        return
    with translation.override("de"):
        subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(subject, body, None, to)
