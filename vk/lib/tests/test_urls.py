"""The fast `{% url %}`: the same URLs and the same errors as Django's reverse."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from vk.lib.urls import reverse_numbers


def _number_patterns() -> list[tuple[str, int]]:
    """Every named URL of the project whose arguments are all <int:…>."""
    found = []

    def walk(resolver: URLResolver, namespace: str, outer: list[object]) -> None:
        for entry in resolver.url_patterns:
            converters = [*outer, *getattr(entry.pattern, "converters", {}).values()]
            if isinstance(entry, URLResolver):
                inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
                walk(entry, inner, converters)
            elif (
                isinstance(entry, URLPattern)
                and entry.name
                and converters
                and all(isinstance(c, IntConverter) for c in converters)
            ):
                found.append((f"{namespace}{entry.name}", len(converters)))

    walk(get_resolver(), "", [])
    return found


def test_every_url_with_number_arguments_is_the_same_as_django_s() -> None:
    patterns = _number_patterns()
    assert len(patterns) > 40  # the dossiers, reports, tasks, procedures, complaints …
    for name, arity in patterns:
        for args in ([0] * arity, [7] * arity, list(range(123, 123 + arity))):
            assert reverse_numbers(name, args) == reverse(name, args=args), name


def test_anything_but_whole_numbers_goes_to_django() -> None:
    assert reverse_numbers("dossiers:view-dossier", ["12"]) == "/dossiers/12/"
    with pytest.raises(NoReverseMatch):
        reverse_numbers("dossiers:view-dossier", [-1])
    with pytest.raises(NoReverseMatch):
        reverse_numbers("dossiers:view-dossier", ["twelve"])
    with pytest.raises(NoReverseMatch):
        reverse_numbers("dossiers:no-such-page", [1])
    assert reverse_numbers("accounts:home") == reverse("accounts:home")


def test_the_template_tag_writes_what_django_s_tag_writes() -> None:
    template = Template(
        "{% url 'dossiers:view-dossier' pk %}|{% url 'work:edit-task' pk as edit %}{{ edit }}"
        "|{% url 'dossiers:edit-record' pk 'conversation' 5 %}"
        "|{% url 'no-such-page' as missing %}[{{ missing }}]"
    )
    rendered = template.render(Context({"pk": 42}))
    assert rendered == (
        f"{reverse('dossiers:view-dossier', args=[42])}|{reverse('work:edit-task', args=[42])}"
        f"|{reverse('dossiers:edit-record', args=[42, 'conversation', 5])}|[]"
    )
    with pytest.raises(NoReverseMatch):
        Template("{% url 'no-such-page' 1 %}").render(Context({}))
