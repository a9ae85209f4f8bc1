"""The fast renderer writes exactly what Django's templates write, with fewer renders."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from vk.lib.forms_renderer import FastFieldRenderer


class Sample(forms.Form):
    name = forms.CharField(label="Naam & voornaam", help_text="Zoals <op> de kaart")
    count = forms.IntegerField(label="Aantal?", min_value=1, required=False)
    kind = forms.ChoiceField(
        label="Soort", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect
    )
    agree = forms.BooleanField(label="Akkoord", required=False)
    note = forms.CharField(label="Notitie", widget=forms.Textarea, required=False)
    required_css_class = "required"


@pytest.mark.parametrize("data", [None, {}, {"name": "x", "count": "0", "kind": "c"}])
def test_every_field_renders_the_same_as_with_django_s_templates(data: Any) -> None:
    ours, django_s = (
        Sample(data, renderer=FastFieldRenderer()),
        Sample(data, renderer=DjangoTemplates()),
    )
    if data is not None:
        ours.is_valid()
        django_s.is_valid()

    for field in django_s:
        assert ours[field.name].as_field_group() == field.as_field_group()
    assert str(ours.non_field_errors()) == str(django_s.non_field_errors())


def test_an_empty_error_list_and_a_label_need_no_template(monkeypatch: Any) -> None:
    rendered: list[str] = []
    original = DjangoTemplates.render

    def spy(self: Any, template_name: str, context: Any, request: Any = None) -> str:
        rendered.append(template_name)
        return original(self, template_name, context, request)

    monkeypatch.setattr(DjangoTemplates, "render", spy)
    Sample(renderer=FastFieldRenderer())["name"].as_field_group()

    assert rendered == ["django/forms/field.html", "django/forms/widgets/text.html"]
