"""Session lifetime and activity, mandatory MFA and the security headers Django does not
set itself."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from vk.accounts.receivers import LOGGED_OUT_FLAG, SESSION_STARTED_KEY
from vk.audit.middleware import client_ip

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


# When the session row's idle timeout was last renewed, and from which client.
SESSION_TOUCHED_KEY = "vk_touched"
# The user has a second factor (the last one cannot be removed: StaffMFAAdapter).
SESSION_MFA_KEY = "vk_has_second_factor"


class SessionLifetimeMiddleware:
    """End a session after its absolute lifetime, however active it has been.

    The idle timeout is the session row's expiry (SESSION_COOKIE_AGE), renewed by
    SessionActivityMiddleware.
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


class SessionActivityMiddleware:
    """Renew the idle timeout and the "active sessions" record at most once a minute.

    Writing the session row and allauth's UserSession on every request costs every page
    two transactions. Here both are written when the last renewal is older than
    VK_SESSION_TOUCH_SECONDS (60), or at once when the client's address or browser
    changed (allauth then signals the change, as its own middleware would). The idle
    timeout thus ends between SESSION_IDLE_SECONDS minus a minute and SESSION_IDLE_SECONDS
    after the last request; `session_seconds_left` counts from the last renewal, so the
    warning before the end is never late.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and request.session.session_key:
            touch_session(request)
        return self.get_response(request)


def touch_session(request: HttpRequest, *, force: bool = False) -> None:
    """Renew the session's idle timeout (saved with the response) and its UserSession."""
    now = time.time()
    client = _client_fingerprint(request)
    touched = request.session.get(SESSION_TOUCHED_KEY)
    fresh = (
        isinstance(touched, list)
        and len(touched) == 2
        and touched[1] == client
        and 0 <= now - float(touched[0]) < settings.SESSION_TOUCH_SECONDS
    )
    if fresh and not force:
        return
    request.session[SESSION_TOUCHED_KEY] = [now, client]
    UserSession.objects.create_from_request(request)


def last_touched(request: HttpRequest) -> float | None:
    """When the session's idle timeout was last renewed (None: not since login)."""
    touched = request.session.get(SESSION_TOUCHED_KEY)
    if isinstance(touched, list) and touched:
        return float(touched[0])
    return None


def _client_fingerprint(request: HttpRequest) -> str:
    """A short digest of the client address and browser, to notice a change."""
    raw = f"{client_ip(request) or '-'}|{request.META.get('HTTP_USER_AGENT', '')}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


class RequireMFAMiddleware:
    """Send a signed-in user without an authenticator app or security key to set one up."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.MFA_REQUIRED
            and request.user.is_authenticated
            and not _is_mfa_setup_page(request)
            and not _has_second_factor(request)
        ):
            return redirect("accounts:setup-mfa")
        return self.get_response(request)


def _has_second_factor(request: HttpRequest) -> bool:
    """Asked of the database until the answer is yes; then remembered in the session,
    because the last app or security key cannot be removed (StaffMFAAdapter)."""
    if request.session.get(SESSION_MFA_KEY) == request.user.pk:
        return True
    found = (
        Authenticator.objects.filter(user_id=request.user.pk)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .exists()
    )
    if found:
        request.session[SESSION_MFA_KEY] = request.user.pk
    return found


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
