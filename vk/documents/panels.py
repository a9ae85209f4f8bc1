"""The upload form of the dossier page's documents section, fetched when its panel
opens (see vk/dossiers/panels.py). Registered from DocumentsConfig.ready."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from vk.documents.forms import UPLOAD_PREFIX, UploadForm
from vk.dossiers.panels import PanelForm, register

register(
    PanelForm(
        "document",
        _("Add a document"),
        "documents/_upload_form.html",
        lambda dossier, user: UploadForm(prefix=UPLOAD_PREFIX),
        "documents-heading",
    )
)
