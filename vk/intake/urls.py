from __future__ import annotations

from django.urls import path

from vk.intake import views

app_name = "intake"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("new/", views.register_report, name="register-report"),
    path("matches/", views.match_persons, name="match-persons"),
    path("draft/", views.save_draft, name="save-draft"),
    path("draft/discard/", views.discard_draft, name="discard-draft"),
    path("<int:pk>/", views.view_report, name="view-report"),
    path("<int:pk>/correct/", views.correct_report, name="correct-report"),
    path("<int:pk>/triage/", views.triage_report, name="triage-report"),
    path("<int:pk>/transfer/", views.transfer_report, name="transfer-report"),
    path("<int:pk>/refer/", views.refer_report, name="refer-report"),
    path("advice/<int:pk>/", views.view_advice, name="view-advice"),
    path("advice/<int:pk>/contact/", views.add_advice_contact, name="add-advice-contact"),
    path("advice/<int:pk>/close/", views.close_advice, name="close-advice"),
    path("transfers/", views.list_transfers, name="list-transfers"),
]
