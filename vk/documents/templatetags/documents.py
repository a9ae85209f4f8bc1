"""`{% dossier_documents dossier grant request.user panels counts %}`: the documents
section of the dossier page, in a fixed number of queries however many documents there
are: the most recent ones, and a link to all of them (their number from the page's
`counts`) in the timeline. The upload form waits in the page's `panels`
(vk/documents/panels.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

from vk.access import rules
from vk.access.rules import Grant
from vk.centres.models import User
from vk.documents.letters import available_letters
from vk.documents.models import Document
from vk.dossiers.models import Dossier
from vk.dossiers.panels import Slot

register = template.Library()

# Documents on the dossier page: the most recent ones.
RECENT = 10


@register.inclusion_tag("documents/_dossier_section.html")
def dossier_documents(
    dossier: Dossier,
    grant: Grant,
    user: User,
    panels: Mapping[str, Slot],
    counts: Mapping[str, int],
) -> dict[str, Any]:
    """The list, and for those who may add: the upload panel and the letters. (Django
    passes the page's csrf_token on to an inclusion tag's template.)"""
    documents = list(
        Document.objects.filter(dossier=dossier).select_related("uploaded_by")[:RECENT]
    )
    for document in documents:
        document.may_open = rules.may_open_document(user, document, grant)  # type: ignore[attr-defined]
    may_add = grant.may_change and dossier.is_open
    return {
        "dossier": dossier,
        "grant": grant,
        "documents": documents,
        "document_count": counts["documents"],
        "recent": RECENT,
        "may_add": may_add,
        "letters": available_letters(dossier) if may_add else [],
        "panels": panels,
    }
