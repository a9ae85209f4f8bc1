from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vk.documents.models import ACCESS_FIELDS
from vk.documents.uploads import (
    ACCEPT_ATTRIBUTE,
    FileType,
    check_upload,
    limit_mb,
    too_large_message,
)
from vk.intake.forms import TEXT_LIMIT, DateInput
from vk.lib.locking import VersionField

# The upload form's prefix: it shares the dossier page with other forms.
UPLOAD_PREFIX = "document"


class AccessFlagsForm(forms.Form):
    """The access flags a later file-access request must respect."""

    confidential_source = forms.BooleanField(
        label=_("Given in confidence"),
        help_text=_("Closed to the minor and to their confidant."),
        required=False,
    )
    third_party_only = forms.BooleanField(label=_("Only about third parties"), required=False)
    for_court = forms.BooleanField(
        label=_("Drawn up for the court"),
        help_text=_("For example a referral report to the public prosecutor."),
        required=False,
    )
    agogic_exception = forms.BooleanField(
        label=_("Agogic exception"),
        help_text=_(
            "Not in the minor's interest to see now; open to their confidant. "
            "Needs a reason and a review date."
        ),
        required=False,
    )
    agogic_reason = forms.CharField(
        label=_("Reason for the agogic exception"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=TEXT_LIMIT,
        required=False,
    )
    agogic_review_on = forms.DateField(
        label=_("Review the agogic exception on"), widget=DateInput(), required=False
    )
    health = forms.BooleanField(
        label=_("Medical data"),
        help_text=_("Patients' rights law: only the confidential doctor on the team can open it."),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("agogic_exception"):
            if not (data.get("agogic_reason") or "").strip():
                self.add_error("agogic_reason", _("Say why the document is held back."))
            if not data.get("agogic_review_on") and "agogic_review_on" not in self.errors:
                self.add_error(
                    "agogic_review_on", _("Give the date on which the exception is reviewed.")
                )
        else:
            data["agogic_reason"] = ""
            data["agogic_review_on"] = None
        return data

    def flags(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in ACCESS_FIELDS}


class UploadForm(AccessFlagsForm):
    title = forms.CharField(
        label=_("Description"),
        max_length=200,
        help_text=_("A short description, e.g. “Report of the school (CLB)”."),
    )
    file = forms.FileField(label=_("File"), allow_empty_file=True)

    field_order = ["title", "file"]

    def __init__(self, *args: Any, file_too_large: bool = False, **kwargs: Any) -> None:
        """`file_too_large`: the upload handler dropped the file for its size."""
        super().__init__(*args, **kwargs)
        if file_too_large:
            self.fields["file"].error_messages["required"] = too_large_message()
        self.fields["file"].widget.attrs["accept"] = ACCEPT_ATTRIBUTE
        self.fields["file"].help_text = _(
            "PDF, JPEG, PNG, HEIC, Word, Excel or OpenDocument; at most %(limit)s MB."
        ) % {"limit": limit_mb()}
        self.file_type: FileType | None = None

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        self.file_type = check_upload(upload)
        return upload


class FlagsForm(AccessFlagsForm):
    row_version = VersionField()
