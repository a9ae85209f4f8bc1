"""Document screens: upload into a dossier, download, access flags, letters.

The dossier's team (and a team lead) adds documents and letters; whoever reaches the
dossier downloads its documents, except medical ones (vk.access.rules). Outside the rule
the answer is 404.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from vk.access import rules
from vk.audit.models import Action
from vk.audit.services import record_event
from vk.centres.models import User
from vk.documents import services
from vk.documents.forms import UPLOAD_PREFIX, FlagsForm, UploadForm
from vk.documents.letters import LETTERS, generate_letter
from vk.documents.models import ACCESS_FIELDS, Document
from vk.documents.uploads import upload_was_too_large
from vk.lib.locking import EditConflict, conflict_rows

_UNSAFE_IN_QUOTES = re.compile(r"[^A-Za-z0-9._ ()-]")


def _staff(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@login_required
@require_http_methods(["GET", "POST"])
def upload_document(request: HttpRequest, dossier_pk: int) -> HttpResponse:
    dossier, grant = rules.dossier_for(request.user, dossier_pk)
    if not grant.may_change:
        raise Http404
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        prefix=UPLOAD_PREFIX,
        file_too_large=upload_was_too_large(request),
    )
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        assert form.file_type is not None  # noqa: S101  (set by a valid form)
        try:
            services.upload_document(
                dossier=dossier,
                by=_staff(request),
                purpose=grant.purpose,
                title=form.cleaned_data["title"],
                file=services.FileData(
                    content=upload.read(),
                    name=upload.name,
                    content_type=form.file_type.content_type,
                    type_code=form.file_type.code,
                ),
                flags=form.flags(),
            )
        except services.DocumentError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The document was added."))
            return redirect(reverse("dossiers:view-dossier", args=[dossier.pk]) + "#documents")
    status = 400 if posted else 200
    return render(
        request, "documents/document_upload.html", {"dossier": dossier, "form": form}, status=status
    )


@login_required
@require_GET
def download_document(request: HttpRequest, dossier_pk: int, pk: int) -> HttpResponse:
    document, grant = rules.document_for(request.user, pk)
    if document.dossier_id != dossier_pk:
        raise Http404
    content = services.read_content(document)
    record_event(
        action=Action.READ,
        event="documents.document.downloaded",
        purpose=grant.purpose,
        by=_staff(request),
        obj=document,
        detail={"dossier": document.dossier_id},
    )
    return _attachment(content, document)


@login_required
@require_http_methods(["GET", "POST"])
def edit_flags(request: HttpRequest, dossier_pk: int, pk: int) -> HttpResponse:
    document, grant = rules.document_for(request.user, pk)
    if document.dossier_id != dossier_pk or not grant.may_change:
        raise Http404
    initial = {name: getattr(document, name) for name in ACCESS_FIELDS}
    posted = request.method == "POST"
    form = FlagsForm(
        request.POST if posted else None,
        initial={**initial, "row_version": document.row_version},
    )
    conflict = None
    status = 200
    if posted:
        status = 400
        if form.is_valid():
            try:
                services.change_flags(
                    document=document,
                    by=_staff(request),
                    purpose=grant.purpose,
                    expected_version=form.cleaned_data["row_version"],
                    flags=form.flags(),
                )
            except EditConflict as error:
                current = Document.objects.get(pk=document.pk)
                conflict = conflict_rows(form, current, ACCESS_FIELDS)
                form = _keep_typed_values(request, current.row_version)
                form.add_error(None, str(error))
                status = 409
            except services.DocumentError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The access flags were saved."))
                return redirect(reverse("dossiers:view-dossier", args=[dossier_pk]) + "#documents")
    else:
        record_event(
            action=Action.READ,
            event="documents.document.flags_viewed",
            purpose=grant.purpose,
            by=_staff(request),
            obj=document,
            detail={"dossier": document.dossier_id},
        )
    return render(
        request,
        "documents/document_flags.html",
        {"dossier": document.dossier, "document": document, "form": form, "conflict": conflict},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def make_letter(request: HttpRequest, dossier_pk: int, kind: str) -> HttpResponse:
    dossier, grant = rules.dossier_for(request.user, dossier_pk)
    letter = LETTERS.get(kind)
    if not grant.may_change or letter is None or not letter.is_available(dossier):
        raise Http404
    posted = request.method == "POST"
    form = letter.form_class(request.POST if posted else None, dossier=dossier)
    if posted and form.is_valid():
        try:
            document, pdf = generate_letter(
                kind=letter,
                dossier=dossier,
                by=_staff(request),
                purpose=grant.purpose,
                data=form.cleaned_data,
            )
        except services.DocumentError as error:
            form.add_error(None, str(error))
        else:
            return _attachment(pdf, document)
    status = 400 if posted else 200
    return render(
        request,
        "documents/letter_form.html",
        {"dossier": dossier, "letter": letter, "form": form},
        status=status,
    )


def _keep_typed_values(request: HttpRequest, version: int) -> FlagsForm:
    """The same input, now carrying the saved version: saving again is a conscious choice."""
    data = request.POST.copy()
    data["row_version"] = str(version)
    kept = FlagsForm(data)
    kept.is_valid()
    return kept


def _attachment(content: bytes, document: Document) -> HttpResponse:
    """The file as a download. no-store and nosniff come from the middleware for every
    response; the sandbox keeps a file opened in the browser by mistake inert."""
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = attachment_disposition(document.original_name)
    response["Content-Length"] = str(len(content))
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def attachment_disposition(name: str) -> str:
    """`attachment` with a plain ASCII file name and the exact one (RFC 6266/5987)."""
    name = "".join(char for char in PurePath(name.replace("\\", "/")).name if char.isprintable())
    name = name.strip(" .") or "document"
    path = PurePath(name)
    stem = _UNSAFE_IN_QUOTES.sub("_", _ascii(path.stem)).strip(" ._") or "document"
    suffix = _UNSAFE_IN_QUOTES.sub("", _ascii(path.suffix))
    return f"attachment; filename=\"{stem}{suffix}\"; filename*=UTF-8''{quote(name, safe='')}"


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
