"""Step-up: sensitive actions need a recent re-authentication.

Exports, emergency access and the approval of disclosures call `require_step_up` (or
use the `step_up_required` decorator). Without a re-authentication in the last
ACCOUNT_REAUTHENTICATION_TIMEOUT seconds, allauth's middleware suspends the request,
asks for the second factor (or the password) and then resumes the request as it was,
POST data included. The login itself does not count: the step is a deliberate,
recent confirmation.
"""

from __future__ import annotations

from typing import Any

from allauth.account.decorators import reauthentication_required
from allauth.account.internal.flows.reauthentication import raise_if_reauthentication_required
from django.http import HttpRequest

step_up_required: Any = reauthentication_required


def require_step_up(request: HttpRequest) -> None:
    """Raise allauth's ReauthenticationRequired unless the user re-authenticated recently."""
    raise_if_reauthentication_required(request, app="")
