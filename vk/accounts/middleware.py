"""Session lifetime, mandatory MFA and the security headers Django does not set itself."""

from __future__ import annotations

import time
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from vk.accounts.receivers import LOGGED_OUT_FLAG, SESSION_STARTED_KEY

type GetResponse = Callable[[HttpRequest], HttpResponse]

# Pages a signed-in user without a second factor may still open: setting one up,
# logging out, and the operational endpoints.
MFA_SETUP_URL_NAMES = frozenset(
    {
        "accounts:setup-mfa",
        "mfa_index",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_list_webauthn",
        "mfa_reauthenticate",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",
        "account_logout",
        "account_change_password",
        "set_language",
        "healthz",
        "csp-report",
    }
)


class SessionLifetimeMiddleware:
    """End a session after its absolute lifetime, however active it has been.

    The idle timeout needs no code: the session cookie and row live for
    SESSION_COOKIE_AGE and are renewed on every request (SESSION_SAVE_EVERY_REQUEST).
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - float(started) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                messages.info(request, _("Your session has ended. Please log in again."))
                return redirect(settings.LOGIN_URL)
        return self.get_response(request)


class RequireMFAMiddleware:
    """Send a signed-in user without an authenticator app or security key to set one up."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.MFA_REQUIRED
            and request.user.is_authenticated
            and not _is_mfa_setup_page(request)
            and not _has_second_factor(request.user.pk)
        ):
            return redirect("accounts:setup-mfa")
        return self.get_response(request)


def _has_second_factor(user_id: int) -> bool:
    return (
        Authenticator.objects.filter(user_id=user_id)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )


def _is_mfa_setup_page(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return match.view_name in MFA_SETUP_URL_NAMES


class SecurityHeadersMiddleware:
    """No caching of anything dynamic, a strict Permissions-Policy, and a clean logout.

    Static files never reach this middleware (WhiteNoise answers them first), so they
    keep their long cache lifetime.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response["Cache-Control"] = "no-store"
        response["Pragma"] = "no-cache"
        response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        if getattr(request, LOGGED_OUT_FLAG, False):
            response["Clear-Site-Data"] = '"cache", "storage"'
        return response
