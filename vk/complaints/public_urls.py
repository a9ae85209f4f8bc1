"""The public complaint form (no login), under /info/complaint/."""

from __future__ import annotations

from django.urls import path

from vk.complaints import public_views

app_name = "complaint-form"

urlpatterns = [
    path("", public_views.new_complaint, name="new"),
    path("thanks/", public_views.thanks, name="thanks"),
]
