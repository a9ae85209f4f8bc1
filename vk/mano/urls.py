from __future__ import annotations

from django.urls import path

from vk.mano import views

app_name = "mano"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("new/dossier/<int:dossier_pk>/", views.register_for_dossier, name="register-for-dossier"),
    path("new/report/<int:report_pk>/", views.register_from_report, name="register-from-report"),
    path("<int:pk>/", views.view_procedure, name="view-procedure"),
    path("<int:pk>/step/<slug:step>/", views.take_step, name="take-step"),
    path("<int:pk>/decision-date/", views.record_decision_date, name="record-decision-date"),
    path("<int:pk>/close/", views.close_after_parket, name="close-after-parket"),
    path("<int:pk>/move/", views.move, name="move"),
    path("<int:pk>/team/", views.take_over, name="take-over"),
]
