"""`{% dossier_documents dossier grant request.user %}`: the documents section of the
dossier page, in a fixed number of queries however many documents there are."""

from __future__ import annotations

from typing import Any

from django import template

from vk.access import rules
from vk.access.rules import Grant
from vk.centres.models import User
from vk.documents.forms import UPLOAD_PREFIX, UploadForm
from vk.documents.letters import available_letters
from vk.documents.models import Document
from vk.dossiers.models import Dossier

register = template.Library()


@register.inclusion_tag("documents/_dossier_section.html")
def dossier_documents(dossier: Dossier, grant: Grant, user: User) -> dict[str, Any]:
    """The list, and for those who may add: the upload form and the letters. (Django
    passes the page's csrf_token on to an inclusion tag's template.)"""
    documents = list(Document.objects.filter(dossier=dossier).select_related("uploaded_by"))
    for document in documents:
        document.may_open = rules.may_open_document(user, document, grant)  # type: ignore[attr-defined]
    may_add = grant.may_change and dossier.is_open
    return {
        "dossier": dossier,
        "grant": grant,
        "documents": documents,
        "may_add": may_add,
        "upload_form": UploadForm(prefix=UPLOAD_PREFIX) if may_add else None,
        "letters": available_letters(dossier) if may_add else [],
    }
