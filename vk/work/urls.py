from __future__ import annotations

from django.urls import path

from vk.work import views

app_name = "work"

urlpatterns = [
    path("", views.my_work, name="my-work"),
    path("tasks/new/", views.create_task, name="create-task"),
    path("tasks/<int:pk>/", views.edit_task, name="edit-task"),
    path("tasks/<int:pk>/done/", views.complete_task, name="complete-task"),
    path("tasks/<int:pk>/reopen/", views.reopen_task, name="reopen-task"),
    path("dossiers/<int:dossier_pk>/tasks/new/", views.create_task, name="create-dossier-task"),
    path("dossiers/<int:dossier_pk>/check-ins/", views.plan_check_ins, name="plan-check-ins"),
    path(
        "dossiers/<int:dossier_pk>/appointments/new/",
        views.plan_appointment,
        name="plan-appointment",
    ),
    path("appointments/<int:pk>/", views.edit_appointment, name="edit-appointment"),
    path("appointments/<int:pk>/cancel/", views.cancel_appointment, name="cancel-appointment"),
    path("appointments/<int:pk>/not-held/", views.mark_not_attended, name="mark-not-attended"),
    path(
        "appointments/<int:pk>/conversation/",
        views.record_conversation,
        name="record-conversation",
    ),
]
