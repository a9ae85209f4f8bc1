"""allauth adapters: staff accounts are created by a centre administrator, never by
sign-up; failed logins are throttled per (account, IP); TOTP secrets are encrypted."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse

from vk.audit.middleware import client_ip
from vk.audit.receivers import record_failed_login
from vk.centres.models import Role


class StaffAccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth counts failed logins per key; keying on (account, IP) slows down
        # guessing without letting a stranger lock a colleague out from elsewhere.
        login = str(credentials.get("email", credentials.get("username", ""))).strip().lower()
        return f"{login}|{client_ip(request) or '-'}"

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Case workers start on "Mijn werk"; everyone else on the start page (a `next`
        address, such as the page that asked for the login, still wins)."""
        user = request.user
        if getattr(user, "centre_id", None) and user.has_role(Role.CASE_WORKER):  # type: ignore[union-attr]
            return reverse("work:my-work")
        return str(super().get_login_redirect_url(request))

    def get_reauthentication_methods(self, user: Any) -> list[dict[str, Any]]:
        """Step-up asks for the second factor first; the password stays an alternative."""
        methods: list[dict[str, Any]] = super().get_reauthentication_methods(user)
        return sorted(methods, key=lambda method: not str(method.get("id", "")).startswith("mfa"))

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            record_failed_login(str(credentials.get("email", "")), reason="throttled")
            raise


class StaffMFAAdapter(DefaultMFAAdapter):
    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """With MFA required, the last real factor (app or security key) cannot be removed."""
        if not settings.MFA_REQUIRED or authenticator.type == Authenticator.Type.RECOVERY_CODES:
            return True
        return (
            Authenticator.objects.filter(user_id=authenticator.user_id)
            .exclude(pk=authenticator.pk)
            .exclude(type=Authenticator.Type.RECOVERY_CODES)
            .exists()
        )

    def encrypt(self, text: str) -> str:
        return _fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return _fernet().decrypt(encrypted_text.encode()).decode()


def _fernet() -> Fernet:
    key = settings.MFA_ENCRYPTION_KEY or settings.SECRET_KEY
    digest = hashlib.sha256(f"vk.mfa:{key}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))
