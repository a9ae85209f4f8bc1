"""Authentication events recorded in the audit trail.

Login, logout, failed logins and changes of credentials come from Django's and
allauth's signals; this module only translates them into audit entries.
"""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import get_user_model
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

from vk.audit.models import Action, Outcome, Purpose
from vk.audit.services import record_event


@receiver(auth_signals.user_logged_in)
def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_event(action=Action.LOGIN, event="auth.login", purpose=Purpose.SELF, by=user)


@receiver(auth_signals.user_logged_out)
def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(action=Action.LOGOUT, event="auth.logout", purpose=Purpose.SELF, by=user)


@receiver(auth_signals.user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    record_failed_login(credentials.get("email") or credentials.get("username") or "")


def record_failed_login(login: str, *, reason: str = "credentials") -> None:
    """Record a failed login under the account it aimed at, never the typed text itself."""
    account = (
        get_user_model()
        .objects.filter(email__iexact=login.strip())
        .values_list("pk", "centre_id")
        .first()
        if login
        else None
    )
    record_event(
        action=Action.LOGIN_FAILED,
        event="auth.login_failed",
        purpose=Purpose.SELF,
        outcome=Outcome.FAILURE,
        centre_id=account[1] if account else None,
        object_type="centres.user" if account else "",
        object_id=account[0] if account else "",
        detail={"reason": reason, "known_account": account is not None},
    )


def _record_mfa(event: str, user: Any, authenticator: Any, outcome: Outcome) -> None:
    record_event(
        action=Action.MFA_CHANGE,
        event=event,
        purpose=Purpose.SELF,
        by=user,
        outcome=outcome,
        object_type="mfa.authenticator",
        object_id=authenticator.pk or "",
        detail={"type": authenticator.type},
    )


@receiver(mfa_signals.authenticator_added)
def on_authenticator_added(sender: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    _record_mfa("mfa.added", user, authenticator, Outcome.SUCCESS)


@receiver(mfa_signals.authenticator_removed)
def on_authenticator_removed(sender: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    _record_mfa("mfa.removed", user, authenticator, Outcome.SUCCESS)


@receiver(mfa_signals.authenticator_reset)
def on_authenticator_reset(sender: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    _record_mfa("mfa.reset", user, authenticator, Outcome.SUCCESS)


@receiver(mfa_signals.authentication_failed)
def on_mfa_failed(sender: Any, user: Any, authenticator: Any = None, **kwargs: Any) -> None:
    record_event(
        action=Action.LOGIN_FAILED,
        event="auth.mfa_failed",
        purpose=Purpose.SELF,
        by=user,
        outcome=Outcome.FAILURE,
        detail={"type": authenticator.type if authenticator is not None else None},
    )


@receiver(account_signals.password_changed)
@receiver(account_signals.password_set)
@receiver(account_signals.password_reset)
def on_password_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    record_event(
        action=Action.UPDATE,
        event="auth.password_changed",
        purpose=Purpose.SELF,
        by=user,
        obj=user,
    )
