"""Placeholder: the public pages (filled in by the public-pages work)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def _todo(request: HttpRequest, **kwargs: object) -> HttpResponse:
    return HttpResponse("")


about = invited = contact = find_centre = mano = centres = centre = complaints = _todo
