"""The complaints officer's register, under /complaints/ (the public form is public_urls.py)."""

from __future__ import annotations

from django.urls import path

from vk.complaints import views

app_name = "complaints"

urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.new, name="new"),
    path("overview/", views.overview, name="overview"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("<int:pk>/conversation/", views.start_conversation, name="start-conversation"),
    path("<int:pk>/formal/", views.start_formal, name="start-formal"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/close/", views.close, name="close"),
    path("<int:pk>/note/", views.add_note, name="add-note"),
]
