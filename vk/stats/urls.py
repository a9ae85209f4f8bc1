from __future__ import annotations

from django.urls import path

from vk.stats import views

app_name = "stats"

urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.view_dashboard, name="dashboard"),
    path("<int:year>/", views.view_yearly, name="view-yearly"),
    path("<int:year>/download/<str:file_format>/", views.download_yearly, name="download-yearly"),
    path("<int:year>/all-centres/", views.view_all_centres, name="view-all-centres"),
    path(
        "<int:year>/all-centres/download/<str:file_format>/",
        views.download_all_centres,
        name="download-all-centres",
    ),
    path("<int:year>/quality/", views.view_quality, name="view-quality"),
]
