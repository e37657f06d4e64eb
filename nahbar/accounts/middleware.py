"""Send a session without its second factor to the code step, or a coordinator without one to the set-up.

Runs after django-otp's OTPMiddleware, so ``request.user.is_verified()`` says whether this session
entered a code. It covers every way in, including Django's own admin login form (password only).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from nahbar.accounts import second_factor


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        path = request.path_info
        if user.is_authenticated and second_factor.is_protected(path) and not user.is_verified():
            query = urlencode({"next": request.get_full_path()})
            if second_factor.has_device(user):
                return redirect(f"{reverse('accounts-login-code')}?{query}")
            if second_factor.must_use_second_factor(user) and not second_factor.is_setup_page(path):
                messages.info(
                    request,
                    _(
                        "Ihr Konto braucht die Bestätigung in zwei Schritten. Bitte richten Sie sie jetzt ein; "
                        "danach geht es weiter."
                    ),
                )
                return redirect(f"{reverse('accounts-profile')}?{query}")
        return self.get_response(request)
