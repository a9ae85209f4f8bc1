"""A per-address limit on the public complaint form, without keeping addresses.

The counter's key is a keyed hash of the client address and the current time window:
the address itself is stored nowhere, and yesterday's keys cannot be linked to today's
visitors once their window has passed. The counters live in the shared cache (the
database cache), so every web process counts the same submissions.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache


def _key(scope: str, address: str | None, window: int) -> str:
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"{scope}|{address or 'unknown'}|{window}".encode(),
        hashlib.sha256,
    ).hexdigest()[:32]
    return f"vk:throttle:{scope}:{digest}"


def allow(scope: str, address: str | None, *, limit: int, period_seconds: int) -> bool:
    """Count one attempt for `address`; False once it made more than `limit` in this period."""
    window = int(time.time()) // period_seconds
    key = _key(scope, address, window)
    cache.add(key, 0, timeout=period_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the counter expired between add and incr
        cache.set(key, 1, timeout=period_seconds)
        count = 1
    return count <= limit
