"""PDF from a Django template with WeasyPrint, with no access to anything outside.

WeasyPrint fetches what a document links to (stylesheets, images, fonts in @font-face).
`StaticFilesFetcher` serves only files of the project's static directories, found
through django.contrib.staticfiles' finders (or the collected STATIC_ROOT), and refuses
everything else: http(s), file:// anywhere, and data: URLs (letters need no inline
images; refusing them keeps the rule to one sentence). A refused resource is left out of
the PDF and logged by WeasyPrint; rendering goes on.

Templates link with `{% static %}` as usual: the document's base URL is a fixed,
unresolvable origin (`https://static.vk.invalid/`), so `/static/vk/letter.css` becomes a
URL the fetcher recognises and maps back to a file.
"""

from __future__ import annotations

import mimetypes
import posixpath
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils._os import safe_join
from weasyprint import HTML  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher, URLFetcherResponse  # type: ignore[import-untyped]

BASE_URL = "https://static.vk.invalid/"
_ORIGIN = urlsplit(BASE_URL)


class RefusedURL(ValueError):
    """A PDF tried to load something from outside the static directories."""


class StaticFilesFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves static files and nothing else."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = static_file_for(url)
        content_type, _encoding = mimetypes.guess_type(path.name)
        return URLFetcherResponse(
            url,
            body=path.read_bytes(),
            headers={"Content-Type": content_type or "application/octet-stream"},
        )


def static_file_for(url: str) -> Path:
    """The static file a URL under BASE_URL names, or RefusedURL."""
    parts = urlsplit(url)
    if (parts.scheme, parts.netloc) != (_ORIGIN.scheme, _ORIGIN.netloc):
        raise RefusedURL(f"only static files can be used in a PDF, not {parts.scheme}: URLs")
    static_prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    path = unquote(parts.path)
    if not path.startswith(static_prefix):
        raise RefusedURL("not a static file")
    name = posixpath.normpath(path.removeprefix(static_prefix))
    if name.startswith(("/", "..")) or "\\" in name or "\x00" in name:
        raise RefusedURL("not a static file")
    found = finders.find(name)
    if isinstance(found, str):
        return Path(found)
    # Production: {% static %} names the collected (hashed) copy in STATIC_ROOT.
    collected = Path(safe_join(str(settings.STATIC_ROOT), name))
    if collected.is_file():
        return collected
    raise RefusedURL("no such static file")


def render_pdf(template_name: str, context: Mapping[str, Any]) -> bytes:
    """Render a template to HTML and the HTML to PDF bytes."""
    html = render_to_string(template_name, dict(context))
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher())
    pdf = document.write_pdf()
    assert pdf is not None  # noqa: S101  (write_pdf without a target returns the bytes)
    return pdf
