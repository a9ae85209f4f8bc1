"""The public complaint form: what anyone may tell a centre, without an account."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from vk.centres.models import Centre
from vk.complaints.models import ComplainantRole, DiscussedWithHelper, ReplyBy, Subject

DESCRIPTION_MAX = 5000
WISH_MAX = 2000

# The name of the trap field: plausible to a form-filling robot, never autofilled by
# browsers (autocomplete is off) and out of sight and out of the tab order for people.
HONEYPOT = "homepage"


class PublicComplaintForm(forms.Form):
    centre = forms.ModelChoiceField(
        label=_("Which centre is your complaint about?"),
        queryset=Centre.objects.order_by("name"),
        empty_label=_("Choose a centre"),
        error_messages={"required": _("Choose the centre your complaint is about.")},
    )
    complainant_role = forms.ChoiceField(
        label=_("Who are you?"),
        choices=ComplainantRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Tell us who you are, for example a parent.")},
    )
    anonymous = forms.BooleanField(
        label=_("I do not want to give my name"),
        required=False,
        help_text=_("You can complain anonymously. We still need a way to answer you."),
    )
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("E-mail address"),
        required=False,
        error_messages={"invalid": _("This e-mail address is not complete, e.g. name@example.be.")},
    )
    phone = forms.RegexField(
        label=_("Phone number"),
        regex=r"^\+?[0-9 ./()-]{8,20}$",
        required=False,
        error_messages={
            "invalid": _("Write the phone number with digits only, e.g. 0470 12 34 56.")
        },
    )
    address = forms.CharField(
        label=_("Postal address"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reply_by = forms.ChoiceField(
        label=_("How would you like our answer?"),
        choices=ReplyBy.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you would like our answer.")},
    )
    subject = forms.ChoiceField(
        label=_("What is your complaint about?"),
        choices=Subject.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what your complaint is about.")},
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Tell it in your own words: what happened, when, and who was involved."),
        error_messages={
            "required": _("Tell us what happened."),
            "max_length": _("Please keep it shorter (at most %(limit_value)d characters)."),
        },
    )
    discussed_with_helper = forms.ChoiceField(
        label=_("Did you talk about it with your helper first?"),
        choices=DiscussedWithHelper.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Tell us whether you talked about it with your helper.")},
    )
    wish = forms.CharField(
        label=_("What would you like to happen?"),
        max_length=WISH_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "max_length": _("Please keep it shorter (at most %(limit_value)d characters)."),
        },
    )
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["address"].widget.attrs.update(autocomplete="street-address")

    @property
    def is_robot(self) -> bool:
        """The trap field was filled in: a person never sees it."""
        return bool(self.data.get(HONEYPOT, "").strip())

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("anonymous") and not (data.get("name") or "").strip():
            self.add_error("name", _("Give your name, or tick that you do not want to give it."))
        channels = {
            ReplyBy.EMAIL: ("email", _("Give your e-mail address, or choose another way.")),
            ReplyBy.PHONE: ("phone", _("Give your phone number, or choose another way.")),
            ReplyBy.LETTER: ("address", _("Give your postal address, or choose another way.")),
        }
        reply_by = data.get("reply_by")
        if reply_by in channels:
            field, message = channels[ReplyBy(reply_by)]
            if not (data.get(field) or "").strip() and field not in self.errors:
                self.add_error(field, message)
        return data
