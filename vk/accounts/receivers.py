from __future__ import annotations

import time
from typing import Any

from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver

SESSION_STARTED_KEY = "vk_authenticated_at"
# Set on the request when a user logs out, so the response can clear the browser.
LOGGED_OUT_FLAG = "vk_logged_out"


@receiver(auth_signals.user_logged_in)
def stamp_session_start(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STARTED_KEY] = time.time()


@receiver(auth_signals.user_logged_out)
def flag_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None:
        setattr(request, LOGGED_OUT_FLAG, True)
