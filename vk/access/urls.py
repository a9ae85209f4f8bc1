from __future__ import annotations

from django.urls import path

from vk.access import views

app_name = "access"

urlpatterns = [
    path("dossiers/", views.search_dossiers, name="search-dossiers"),
    path("dossiers/<int:pk>/emergency/", views.emergency_access, name="emergency-access"),
    path("emergency/<int:pk>/end/", views.end_emergency, name="end-emergency"),
    path("emergency/", views.emergency_reviews, name="emergency-reviews"),
    path("emergency/<int:pk>/review/", views.review_emergency, name="review-emergency"),
]
