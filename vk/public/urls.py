from __future__ import annotations

from django.urls import path

from vk.public import views

app_name = "public"

urlpatterns = [
    path("", views.about, name="about"),
    path("invited/", views.invited, name="invited"),
    path("contact/", views.contact, name="contact"),
    path("find-centre/", views.find_centre, name="find-centre"),
    path("mano/", views.mano, name="mano"),
    path("centres/", views.centres, name="centres"),
    path("centres/<slug:province>/", views.centre, name="centre"),
    path("complaints/", views.complaints, name="complaints"),
]
