"""Forms of the transfer to the Jeugdparket: the redaction review and the later steps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from vk.intake.forms import DateInput
from vk.lib.locking import VersionField
from vk.mano import report
from vk.mano.report import SensitiveItem

GROUP_LEGENDS = {
    report.REPORTER: _("The reporter's identity"),
    report.CONTACT: _("Contacts the family does not know about (third-party information)"),
    report.DOCUMENT: _(
        "Documents given in confidence, only about third parties or under the agogic exception"
    ),
}


class RedactionForm(forms.Form):
    """Recipient, legal basis and one checkbox per sensitive item, all off by default.

    The boxes are never ticked in advance, not even from an earlier draft: including
    sensitive information is a fresh, explicit choice every time.
    """

    recipient = forms.CharField(
        label=_("Recipient"),
        max_length=200,
        help_text=_("For example: Jeugdparket Antwerpen."),
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        max_length=300,
        help_text=_("Printed on the report. Change it only after checking with a jurist."),
    )

    def __init__(self, *args: Any, items: Sequence[SensitiveItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[item.field_name] = forms.BooleanField(
                label=item.label, help_text=item.reason, required=False, initial=False
            )

    def included_items(self) -> list[str]:
        return [item.code for item in self.items if self.cleaned_data.get(item.field_name)]

    def item_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The checkboxes by kind of item, each kind a fieldset with its legend."""
        groups: dict[str, list[forms.BoundField]] = {}
        for item in self.items:
            groups.setdefault(item.kind, []).append(self[item.field_name])
        return [(str(GROUP_LEGENDS[kind]), fields) for kind, fields in groups.items()]


class ApproveForm(forms.Form):
    row_version = VersionField()
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64)
    confirm = forms.BooleanField(
        label=_("I read this report and approve sending it to the Jeugdparket."),
        error_messages={"required": _("Confirm that you read the report.")},
    )


class SentForm(forms.Form):
    row_version = VersionField()
    sent_on = forms.DateField(label=_("Sent on"), widget=DateInput(), initial=timezone.localdate)


class ReceiptForm(forms.Form):
    row_version = VersionField()
    received_on = forms.DateField(
        label=_("Acknowledgement received on"), widget=DateInput(), initial=timezone.localdate
    )
    parket_reference = forms.CharField(
        label=_("Reference of the Jeugdparket"), max_length=100, required=False
    )
