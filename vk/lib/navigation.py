"""Where a screen sends the user back to: a `next` path of this site, never elsewhere."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def back_url(request: HttpRequest, default: str) -> str:
    """The `next` parameter (of the form or the query string) when it is a path on this
    site, else `default`: a link from the data-quality list returns there after saving."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate.startswith("/") and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default
