"""Which sessions must show a second factor, and which accounts must have one."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings

from nahbar.tenancy.models import Role
from nahbar.tenancy.roles import role_map

# Pages that change data or show internal data; a language prefix (/en/) may come first.
_PROTECTED = re.compile(r"^/(?:en/)?(?:admin/|konto/|[^/]+/(?:intern|mitmachen)/)")
# Reachable without a second factor: signing out of the admin, and registering as a new provider.
_OPEN = re.compile(r"^/(?:en/)?(?:admin/logout/|[^/]+/mitmachen/registrieren/)")
# The account page is where the second factor is set up, so setting one up cannot be required there.
_SETUP = re.compile(r"^/(?:en/)?konto/")


def is_protected(path: str) -> bool:
    return bool(_PROTECTED.match(path)) and not _OPEN.match(path)


def is_setup_page(path: str) -> bool:
    return bool(_SETUP.match(path))


def must_use_second_factor(user: Any) -> bool:
    """Coordinators and superusers (NAHBAR_OTP_REQUIRED); providers and the other roles may choose."""
    if not settings.NAHBAR_OTP_REQUIRED or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(Role.COORDINATOR in roles for roles in role_map(user).values())


def has_device(user: Any) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()
