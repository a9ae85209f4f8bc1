"""Staff management for centre administrators."""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from vk.access.rules import managed_centre, staff_member_for, staff_visible_to
from vk.audit.models import Action, Purpose
from vk.audit.services import record_event
from vk.centres import services
from vk.centres.forms import CentreSettingsForm, StaffMemberForm, region_text
from vk.centres.models import Centre, User
from vk.lib.locking import ConflictRow, conflict_rows


@login_required
def list_staff(request: HttpRequest) -> HttpResponse:
    managed_centre(request.user)
    staff = list(staff_visible_to(request.user).prefetch_related("role_grants", "teams"))
    record_event(
        action=Action.READ,
        event="centres.staff.listed",
        purpose=Purpose.ADMINISTRATION,
        by=request.user,  # type: ignore[arg-type]
        object_type="centres.user",
        detail={"count": len(staff)},
    )
    return render(
        request,
        "centres/staff_list.html",
        {
            "active_staff": [member for member in staff if member.is_active],
            "inactive_staff": [member for member in staff if not member.is_active],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def create_staff(request: HttpRequest) -> HttpResponse:
    centre = managed_centre(request.user)
    admin: User = request.user  # type: ignore[assignment]
    form = StaffMemberForm(request.POST or None, centre=centre)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.create_staff_member(
                centre=centre,
                by=admin,
                email=form.cleaned_data["email"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                discipline=form.cleaned_data["discipline"],
                roles=form.cleaned_data["roles"],
                teams=form.cleaned_data.get("teams") or [],
            )
        except services.StaffError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(name)s was added. An invitation to choose a password is on its way.")
                % {"name": member.get_full_name()},
            )
            return redirect("centres:list-staff")
    return render(request, "centres/staff_form.html", {"form": form, "member": None})


@login_required
@require_http_methods(["GET", "POST"])
def edit_staff(request: HttpRequest, pk: int) -> HttpResponse:
    member, grant = staff_member_for(request.user, pk)
    centre = managed_centre(request.user)
    admin: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        form = StaffMemberForm(request.POST, centre=centre)
        if form.is_valid():
            try:
                services.update_staff_member(
                    member=member,
                    by=admin,
                    expected_version=form.cleaned_data["version"] or 0,
                    email=form.cleaned_data["email"],
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    discipline=form.cleaned_data["discipline"],
                    roles=form.cleaned_data["roles"],
                    teams=form.cleaned_data.get("teams") or [],
                )
            except services.EditConflict as error:
                # Keep what the user typed, show what is saved now, and let them save again.
                current = User.objects.prefetch_related("role_grants", "teams").get(pk=member.pk)
                data = request.POST.copy()
                data["version"] = str(current.row_version)
                form = StaffMemberForm(data, centre=centre)
                form.is_valid()
                form.add_error(None, str(error))
                return render(
                    request,
                    "centres/staff_form.html",
                    {"form": form, "member": member, "current": current},
                    status=409,
                )
            except services.StaffError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The changes were saved."))
                return redirect("centres:list-staff")
    else:
        record_event(
            action=Action.READ,
            event="centres.staff.viewed",
            purpose=grant.purpose,
            by=admin,
            obj=member,
        )
        form = StaffMemberForm(initial=_initial(member), centre=centre)
    return render(request, "centres/staff_form.html", {"form": form, "member": member})


@login_required
@require_http_methods(["GET", "POST"])
def deactivate_staff(request: HttpRequest, pk: int) -> HttpResponse:
    member, _grant = staff_member_for(request.user, pk)
    if request.method == "POST":
        try:
            services.deactivate_staff_member(member=member, by=request.user)  # type: ignore[arg-type]
        except services.StaffError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s can no longer log in.") % {"name": member.get_full_name()},
            )
        return redirect("centres:list-staff")
    return render(request, "centres/staff_deactivate.html", {"member": member})


@login_required
@require_http_methods(["POST"])
def reactivate_staff(request: HttpRequest, pk: int) -> HttpResponse:
    member, _grant = staff_member_for(request.user, pk)
    services.reactivate_staff_member(member=member, by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("%(name)s can log in again.") % {"name": member.get_full_name()})
    return redirect("centres:list-staff")


def _initial(member: User) -> dict[str, object]:
    return {
        "first_name": member.first_name,
        "last_name": member.last_name,
        "email": member.email,
        "discipline": member.discipline,
        "roles": sorted(member.roles),
        "teams": list(member.teams.all()),
        "version": member.row_version,
    }


@login_required
@require_http_methods(["GET", "POST"])
def edit_centre(request: HttpRequest) -> HttpResponse:
    centre = managed_centre(request.user)
    form = CentreSettingsForm(request.POST or None, initial=_centre_initial(centre))
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in services.CENTRE_SETTINGS}
        try:
            services.update_centre_settings(
                centre=centre,
                by=request.user,  # type: ignore[arg-type]
                expected_version=form.cleaned_data["version"],
                region=form.cleaned_data["region"],
                **values,
            )
        except services.EditConflict as error:
            # Keep what the user typed, show what is saved now, and let them save again.
            current = Centre.objects.get(pk=centre.pk)
            saved = SimpleNamespace(**_centre_initial(current))
            data = request.POST.copy()
            data["version"] = str(current.row_version)
            form = CentreSettingsForm(data)
            form.is_valid()
            form.add_error(None, str(error))
            rows = conflict_rows(form, saved, services.CENTRE_SETTINGS)
            typed_region = form.cleaned_data.get("region")
            rows.append(
                ConflictRow(
                    str(form.fields["region"].label),
                    saved.region,
                    region_text(typed_region) if typed_region else data.get("region", ""),
                )
            )
            return render(
                request,
                "centres/centre_form.html",
                {"form": form, "centre": current, "conflict": rows},
                status=409,
            )
        except services.RegionOverlap as error:
            form.add_error("region", str(error))
        except services.StaffError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The centre's data was saved."))
            return redirect("centres:edit-centre")
    return render(request, "centres/centre_form.html", {"form": form, "centre": centre})


def _centre_initial(centre: Centre) -> dict[str, object]:
    return {
        **{name: getattr(centre, name) for name in services.CENTRE_SETTINGS},
        "region": region_text(centre.postcode_ranges.all()),
        "version": centre.row_version,
    }
