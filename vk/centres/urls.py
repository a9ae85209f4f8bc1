from __future__ import annotations

from django.urls import path

from vk.centres import views

app_name = "centres"

urlpatterns = [
    path("", views.list_staff, name="list-staff"),
    path("centre/", views.edit_centre, name="edit-centre"),
    path("new/", views.create_staff, name="create-staff"),
    path("<int:pk>/", views.edit_staff, name="edit-staff"),
    path("<int:pk>/deactivate/", views.deactivate_staff, name="deactivate-staff"),
    path("<int:pk>/reactivate/", views.reactivate_staff, name="reactivate-staff"),
]
