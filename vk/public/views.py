"""The public website: information for families and professionals, no login.

Every page is open to anyone and shows no personal data. The pages read only the
centres' own public data (address, phone, region), fresh on every request.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from vk.centres.models import Centre
from vk.public import postcodes


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "public/about.html")


@require_safe
def invited(request: HttpRequest) -> HttpResponse:
    return render(request, "public/invited.html")


@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "public/contact.html")


@require_safe
def find_centre(request: HttpRequest) -> HttpResponse:
    """?postcode=NNNN: who helps there. A wrong postcode is answered on the same page,
    with what was typed kept in the field."""
    typed = request.GET.get("postcode")
    answer = None
    invalid = False
    if typed is not None:
        postcode = postcodes.parse_postcode(typed)
        if postcode is None:
            invalid = True
        else:
            answer = postcodes.find_centre(postcode)
    return render(
        request,
        "public/centre_find.html",
        {
            "typed": (typed or "").strip()[:20],
            "invalid": invalid,
            "answer": answer,
        },
    )


@require_safe
def mano(request: HttpRequest) -> HttpResponse:
    return render(request, "public/mano.html")


@require_safe
def centres(request: HttpRequest) -> HttpResponse:
    return render(request, "public/centre_list.html", {"centres": list(Centre.objects.all())})


@require_safe
def centre(request: HttpRequest, province: str) -> HttpResponse:
    found = get_object_or_404(Centre.objects.prefetch_related("postcode_ranges"), province=province)
    return render(
        request,
        "public/centre_detail.html",
        {"centre": found, "ranges": list(found.postcode_ranges.all())},
    )


@require_safe
def complaints(request: HttpRequest) -> HttpResponse:
    return render(request, "public/complaints.html")
