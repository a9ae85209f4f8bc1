from __future__ import annotations

from django.urls import path

from vk.dossiers import views

app_name = "dossiers"

urlpatterns = [
    path("", views.my_dossiers, name="my-dossiers"),
    path("open/<int:report_pk>/", views.open_dossier, name="open-dossier"),
    path("<int:pk>/", views.view_dossier, name="view-dossier"),
    path("<int:pk>/state/", views.change_state, name="change-state"),
    path("<int:pk>/close/", views.close_dossier, name="close-dossier"),
    path(
        "<int:pk>/closing-outcome/",
        views.correct_closing_outcome,
        name="correct-closing-outcome",
    ),
    path("<int:pk>/conversations/", views.add_conversation, name="add-conversation"),
    path("<int:pk>/contacts/", views.add_contact, name="add-contact"),
    path("<int:pk>/timeline/", views.view_timeline, name="view-timeline"),
    path("<int:pk>/forms/<slug:kind>/", views.view_form, name="view-form"),
    path("<int:pk>/assessments/", views.add_assessment, name="add-assessment"),
    path("<int:pk>/decisions/", views.add_decision, name="add-decision"),
    path("<int:pk>/proposal/", views.add_proposal, name="add-proposal"),
    path("<int:pk>/proposal/consent/", views.record_consent, name="record-consent"),
    path("<int:pk>/proposal/referrals/", views.add_referral, name="add-referral"),
    path("<int:pk>/<slug:kind>/<int:record_pk>/edit/", views.edit_record, name="edit-record"),
]
