from __future__ import annotations

from django.contrib import admin
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import include, path

from vk import views


def _not_available(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
    raise Http404


urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("csp-report", views.csp_report, name="csp-report"),
    path("session/keep-alive", views.keep_session_alive, name="keep-session-alive"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Staff accounts are made by centre administrators; nobody signs up or changes
    # their own login address.
    path("accounts/signup/", _not_available),
    path("accounts/email/", _not_available),
    path("accounts/", include("allauth.urls")),
    path("staff/", include("vk.centres.urls")),
    path("reports/", include("vk.intake.urls")),
    path("dossiers/", include("vk.dossiers.urls")),
    path("dossiers/<int:dossier_pk>/documents/", include("vk.documents.urls")),
    path("work/", include("vk.work.urls")),
    path("mano/", include("vk.mano.urls")),
    path("access/", include("vk.access.urls")),
    path("mano/<int:pk>/transfer/", include(("vk.mano.transfer_urls", "mano-transfer"))),
    path("audit/", include("vk.audit.urls")),
    path("complaints/", include("vk.complaints.urls")),
    path("activities/", include("vk.activities.urls")),
    path("statistics/", include("vk.stats.urls")),
    path("info/complaint/", include("vk.complaints.public_urls")),
    path("info/", include("vk.public.urls")),
    path("platform-admin/", admin.site.urls),
    path("", include("vk.accounts.urls")),
]
