"""The transfer to the Jeugdparket, included from vk/urls.py as

    path("mano/<int:pk>/transfer/", include(("vk.mano.transfer_urls", "mano-transfer")))

so every view receives the procedure's `pk`. URL names: `mano-transfer:<verb-noun>`.
"""

from __future__ import annotations

from django.urls import path

from vk.mano import transfer_views as views

urlpatterns = [
    path("", views.review_transfer, name="review-transfer"),
    path("<int:transfer_pk>/", views.view_transfer, name="view-transfer"),
    path("<int:transfer_pk>/approve/", views.approve_transfer, name="approve-transfer"),
    path("<int:transfer_pk>/sent/", views.mark_sent, name="mark-sent"),
    path("<int:transfer_pk>/receipt/", views.register_receipt, name="register-receipt"),
    path("<int:transfer_pk>/pdf/", views.download_transfer, name="download-transfer"),
]
