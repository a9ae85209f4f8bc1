"""`{% url %}` with whole-number arguments reversed by vk.lib.urls (same output, faster).

Loaded as a template builtin after Django's own (settings.TEMPLATES), so it replaces
Django's `url` tag everywhere; the syntax, `as` variables and errors are Django's.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.template import defaulttags
from django.template.base import Parser, Token
from django.urls import NoReverseMatch
from django.utils.html import conditional_escape

from vk.lib.urls import reverse_numbers

register = template.Library()


class NumberURLNode(defaulttags.URLNode):
    def render(self, context: Any) -> str:
        if self.kwargs:
            return str(super().render(context))
        args = [arg.resolve(context) for arg in self.args]
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = reverse_numbers(view_name, args, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return str(conditional_escape(url)) if context.autoescape else url


@register.tag
def url(parser: Parser, token: Token) -> NumberURLNode:
    node = defaulttags.url(parser, token)
    return NumberURLNode(node.view_name, node.args, node.kwargs, node.asvar)
