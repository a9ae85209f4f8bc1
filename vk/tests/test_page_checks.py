"""The page checks themselves: each fails on a page with the fault and passes without."""

from __future__ import annotations

import pytest

from vk.tests.page_checks import assert_no_external_assets, assert_page_basics


def _page(body: str, *, lang: str = "nl-be", title: str = "Over ons", head: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title>{head}</head>'
        f"<body>{body}</body></html>"
    )


GOOD_BODY = """
<h1>Contact</h1>
<form method="get">
  <input type="hidden" name="next" value="/">
  <label for="postcode">Postcode</label>
  <input type="text" id="postcode" name="postcode">
  <label>Bericht <textarea name="message"></textarea></label>
  <select name="language" aria-label="Taal"><option>nl</option></select>
  <span id="city-label">Gemeente</span><input name="city" aria-labelledby="city-label">
  <button type="submit">Zoeken</button>
  <input type="submit" value="Verzenden">
</form>
"""


def test_a_complete_page_passes_the_basics() -> None:
    assert_page_basics(_page(GOOD_BODY))


@pytest.mark.parametrize(
    ("html", "fault"),
    [
        (_page("<h1>Contact</h1>", lang=""), "lang"),
        ("<html><head><title>T</title></head><body><h1>Contact</h1></body></html>", "lang"),
        (_page("<h1>Contact</h1>", title="  "), "title"),
        ("<html lang='nl-be'><body><h1>Contact</h1></body></html>", "title"),
        (_page("<p>No heading</p>"), "<h1>"),
        (_page("<h1>One</h1><h1>Two</h1>"), "<h1>"),
        (_page('<h1>C</h1><input type="text" id="postcode" name="postcode">'), "label"),
        (_page('<h1>C</h1><label for="other">P</label><select id="p"></select>'), "label"),
        (_page("<h1>C</h1><textarea name='message'></textarea>"), "label"),
        (_page('<h1>C</h1><input name="city" aria-labelledby="nowhere">'), "aria-labelledby"),
    ],
)
def test_a_page_with_a_fault_fails_the_basics(html: str, fault: str) -> None:
    with pytest.raises(AssertionError, match=fault):
        assert_page_basics(html)


def test_local_assets_pass() -> None:
    head = (
        '<link rel="stylesheet" href="/static/vk/vk.css">'
        '<script src="/static/vk/vendor/htmx.js" nonce="x"></script>'
    )
    body = '<h1>C</h1><img src="/static/logo.svg" alt=""><img src="data:image/png;base64,AA" alt=""><a href="https://www.example.org/">link</a>'
    assert_no_external_assets(_page(body, head=head))


@pytest.mark.parametrize(
    "element",
    [
        '<script src="https://cdn.example.org/htmx.js"></script>',
        '<link rel="stylesheet" href="//fonts.example.org/font.css">',
        '<img src="HTTP://tracker.example.org/pixel.gif" alt="">',
        '<iframe src="https://video.example.org/embed/1"></iframe>',
        '<video><source src="https://media.example.org/a.mp4"></video>',
        '<audio src="https://media.example.org/a.mp3"></audio>',
        '<object data="https://files.example.org/a.pdf"></object>',
        '<img src="/a.png" srcset="/a.png 1x, https://cdn.example.org/a2.png 2x" alt="">',
    ],
)
def test_an_asset_from_another_host_fails(element: str) -> None:
    with pytest.raises(AssertionError, match="another host"):
        assert_no_external_assets(_page(f"<h1>C</h1>{element}"))
