"""A form renderer that skips the smallest templates of every form field.

Django renders each field group through about six templates: the group, the label
(which includes the attribute list), the error list (twice nested, even when there is
no error), the widget and its attributes. On a page with sixty fields (the dossier page
holds the forms of every step) that is hundreds of template renders. This renderer
answers two of them in Python, with the same output as Django's templates:

- an empty error list renders as nothing;
- a label (or legend) is `<tag attrs>text</tag>`, attributes escaped as in
  `django/forms/attrs.html`.

Everything else goes to the templates as usual; three widget templates (`input`,
`select_option`, `textarea`, in vk/lib/form_templates) write their attributes inline
instead of including `attrs.html`, with the same output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import django.forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import mark_safe

LABEL = "django/forms/label.html"
ERRORS = ("django/forms/errors/list/default.html", "django/forms/errors/list/ul.html")


def _attrs(attrs: dict[str, Any]) -> str:
    """As django/forms/attrs.html: ` name="value"`, a bare name for True, nothing for False."""
    return format_html_join(
        "",
        "{}",
        (
            (mark_safe(f" {conditional_escape(name)}"),)  # noqa: S308  (escaped here)
            if value is True
            else (mark_safe(f' {conditional_escape(name)}="{conditional_escape(str(value))}"'),)  # noqa: S308
            for name, value in attrs.items()
            if value is not False
        ),
    )


TEMPLATES_DIR = Path(__file__).parent / "form_templates"
DJANGO_FORMS_DIR = Path(django.forms.__file__).parent / "templates"


class FastFieldRenderer(DjangoTemplates):
    @cached_property
    def engine(self) -> Any:
        return self.backend(
            {
                "APP_DIRS": True,
                "DIRS": [TEMPLATES_DIR, DJANGO_FORMS_DIR],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        if template_name in ERRORS and not context.get("errors"):
            return ""
        if template_name == LABEL:
            label = conditional_escape(context["label"])
            if not context["use_tag"]:
                return label
            tag = context["tag"]
            return f"<{tag}{_attrs(context['attrs'] or {})}>{label}</{tag}>"
        return super().render(template_name, context, request)
