from __future__ import annotations

from django.urls import path

from vk.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.start_review, name="start-review"),
    path("dossiers/<int:pk>/", views.list_dossier_accesses, name="list-dossier-accesses"),
    path(
        "dossiers/<int:pk>/export/", views.export_dossier_accesses, name="export-dossier-accesses"
    ),
    path("persons/<int:pk>/", views.list_person_accesses, name="list-person-accesses"),
    path("persons/<int:pk>/export/", views.export_person_accesses, name="export-person-accesses"),
    path("staff/<int:pk>/", views.list_staff_accesses, name="list-staff-accesses"),
    path("emergency/", views.list_emergency_accesses, name="list-emergency-accesses"),
    path("patterns/", views.list_unusual_patterns, name="list-unusual-patterns"),
]
