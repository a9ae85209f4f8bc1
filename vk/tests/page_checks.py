"""Checks every rendered page should pass, for tests: the document basics a screen
reader needs, and no assets from another host (the CSP would block them anyway).

Parsed with the standard library's html.parser, so a check sees the markup as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

# Input types that need no label: hidden, or buttons that carry their own text.
_UNLABELLED_INPUT_TYPES = {"hidden", "submit", "button", "reset", "image"}
_FIELD_TAGS = {"input", "select", "textarea"}
# Elements whose src/href makes the browser fetch something.
_ASSET_TAGS = {"script", "link", "img", "iframe", "source", "video", "audio", "object", "embed"}
_ASSET_ATTRIBUTES = {"src", "href", "data", "srcset", "poster"}


@dataclass
class _Field:
    tag: str
    id: str
    labelled: bool


class _Page(HTMLParser):
    """What the checks need from one document, collected in a single pass."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html_lang: str | None = None
        self.title: str | None = None
        self.h1_count = 0
        self.fields: list[_Field] = []
        self.label_for: set[str] = set()
        self.labelled_by_ids: set[str] = set()
        self.element_ids: set[str] = set()
        self.assets: list[tuple[str, str, str]] = []
        self._in_title = False
        self._open_labels = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if "id" in values:
            self.element_ids.add(values["id"])
        if tag == "html":
            self.html_lang = values.get("lang", "")
        elif tag == "title":
            self._in_title = True
            self.title = self.title or ""
        elif tag == "h1":
            self.h1_count += 1
        elif tag == "label":
            self._open_labels += 1
            if values.get("for"):
                self.label_for.add(values["for"])
        if tag in _FIELD_TAGS and self._needs_label(tag, values):
            self.fields.append(
                _Field(
                    tag=tag,
                    id=values.get("id", ""),
                    labelled=self._open_labels > 0 or bool(values.get("aria-label", "").strip()),
                )
            )
            for labelled_by in values.get("aria-labelledby", "").split():
                self.labelled_by_ids.add(labelled_by)
                self.fields[-1].labelled = True
        if tag in _ASSET_TAGS:
            for name in _ASSET_ATTRIBUTES:
                if values.get(name):
                    self.assets.append((tag, name, values[name]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag == "label" and self._open_labels > 0:
            self._open_labels -= 1

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = (self.title or "") + data

    @staticmethod
    def _needs_label(tag: str, values: dict[str, str]) -> bool:
        if tag != "input":
            return True
        return values.get("type", "text").lower() not in _UNLABELLED_INPUT_TYPES


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


def assert_page_basics(html: str) -> None:
    """`<html lang>`, a title, exactly one h1, and a label for every visible field."""
    page = _parse(html)
    assert page.html_lang, "<html> has no lang attribute"
    assert page.title and page.title.strip(), "the page has no <title>"
    assert page.h1_count == 1, f"expected exactly one <h1>, found {page.h1_count}"
    unlabelled = [
        f"<{item.tag} id={item.id!r}>"
        for item in page.fields
        if not item.labelled and not (item.id and item.id in page.label_for)
    ]
    assert not unlabelled, f"fields without a label: {', '.join(unlabelled)}"
    missing = sorted(page.labelled_by_ids - page.element_ids)
    assert not missing, f"aria-labelledby points to ids that do not exist: {missing}"


def _is_external(url: str) -> bool:
    candidates = [part.strip().split(" ")[0] for part in url.split(",")]  # srcset lists
    return any(
        candidate.lower().startswith(("http://", "https://", "//")) for candidate in candidates
    )


def assert_no_external_assets(html: str) -> None:
    """No script, style sheet, image, frame or media loaded from another host."""
    external = [
        f"<{tag} {name}={url!r}>" for tag, name, url in _parse(html).assets if _is_external(url)
    ]
    assert not external, f"assets from another host: {', '.join(external)}"
