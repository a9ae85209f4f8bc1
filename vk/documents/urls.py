from __future__ import annotations

from django.urls import path

from vk.documents import views

app_name = "documents"

# Included under dossiers/<int:dossier_pk>/documents/.
urlpatterns = [
    path("upload/", views.upload_document, name="upload-document"),
    path("<int:pk>/download/", views.download_document, name="download-document"),
    path("<int:pk>/flags/", views.edit_flags, name="edit-flags"),
    path("letters/<slug:kind>/", views.make_letter, name="make-letter"),
]
