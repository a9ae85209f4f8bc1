from __future__ import annotations

from django.urls import URLPattern, path

from vk.activities import views

app_name = "activities"


def _kind_urls(slug: str, prefix: str) -> list[URLPattern]:
    kind = {"kind": slug}
    return [
        path(f"{prefix}/", views.list_activities, kind, name=f"{slug}-list"),
        path(f"{prefix}/new/", views.create_activity, kind, name=f"{slug}-new"),
        path(f"{prefix}/<int:pk>/", views.edit_activity, kind, name=f"{slug}-edit"),
        path(f"{prefix}/<int:pk>/delete/", views.delete_activity, kind, name=f"{slug}-delete"),
    ]


urlpatterns = [
    path("", views.index, name="index"),
    path("overview/", views.overview, name="overview"),
    *_kind_urls("coaching", "coaching"),
    *_kind_urls("training", "training"),
    *_kind_urls("awareness", "awareness"),
]
