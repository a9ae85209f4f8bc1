from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def new_complaint(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")


def thanks(request: HttpRequest) -> HttpResponse:
    return HttpResponse("")
