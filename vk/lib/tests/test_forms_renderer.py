"""The fast renderer writes what Django's templates write, with fewer renders — except
the field group, which it keeps in one element (vk/lib/form_templates)."""

from __future__ import annotations

import re
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
        assert ours[field.name].label_tag() == field.label_tag()
        assert ours[field.name].legend_tag() == field.legend_tag()
        assert str(ours[field.name].errors) == str(field.errors)
        assert str(ours[field.name]) == str(field)
        if field.widget_type != "checkbox":
            assert _tight(ours[field.name].as_field_group()) == _tight(
                f'<div class="field">{field.as_field_group()}</div>'
            )
    assert str(ours.non_field_errors()) == str(django_s.non_field_errors())


def _tight(html: str) -> str:
    """Without the whitespace between tags, which the browser does not show."""
    return re.sub(r">\s+<", "><", html.strip())


def test_a_field_group_is_one_element_and_a_checkbox_comes_before_its_label() -> None:
    form = Sample({"agree": "on"}, renderer=FastFieldRenderer())
    form.is_valid()

    group = form["agree"].as_field_group()

    assert group.startswith('<div class="field field--check"><input type="checkbox"')
    assert group.endswith('<label for="id_agree">Akkoord</label></div>')
    assert form["name"].as_field_group().startswith('<div class="field">')


def test_an_empty_error_list_and_a_label_need_no_template(monkeypatch: Any) -> None:
    rendered: list[str] = []
    original = DjangoTemplates.render

    def spy(self: Any, template_name: str, context: Any, request: Any = None) -> str:
        rendered.append(template_name)
        return original(self, template_name, context, request)

    monkeypatch.setattr(DjangoTemplates, "render", spy)
    Sample(renderer=FastFieldRenderer())["name"].as_field_group()

    assert rendered == ["django/forms/field.html", "django/forms/widgets/text.html"]
