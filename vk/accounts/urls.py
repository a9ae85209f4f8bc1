from __future__ import annotations

from django.urls import path

from vk.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("account/security/", views.security, name="security"),
    path("account/two-step-verification/", views.setup_mfa, name="setup-mfa"),
]
