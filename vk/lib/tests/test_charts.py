"""The SVG charts: a title for screen readers, escaped text, bars in proportion, and
the target line beneath the bars so that their numbers stay readable."""

from __future__ import annotations

import re

from vk.lib.charts import Bar, column_bars, horizontal_bars


def test_columns_carry_a_title_and_escape_their_text() -> None:
    svg = column_bars([Bar("<maart>", 50)], title='Op tijd & "beslist"', maximum=100)

    assert "<title>Op tijd &amp; &quot;beslist&quot;</title>" in svg
    assert "&lt;maart&gt;" in svg
    assert "<maart>" not in svg


def test_columns_are_drawn_in_proportion_to_the_maximum() -> None:
    svg = column_bars(
        [Bar("jan", 100), Bar("feb", 50), Bar("mrt", None, "—")],
        title="t",
        maximum=100,
        height=180,
    )

    heights = [float(h) for h in re.findall(r'<rect [^>]*height="([0-9.]+)"', svg)]
    assert heights == [128.0, 64.0]  # 180 high less 34 below and 18 above; no bar for None
    assert ">—</text>" in svg


def test_the_target_line_is_dashed_and_lies_beneath_the_bars() -> None:
    svg = column_bars([Bar("jan", 95), Bar("feb", 80)], title="t", maximum=100, target=90)

    line = re.search(r'<line [^>]*stroke-dasharray="6 4"[^>]*/>', svg)
    assert line is not None
    assert 'y1="30.8"' in line.group()  # 90 % of the 128 high plot above its foot at 146
    assert svg.index(line.group()) < svg.index("<rect")


def test_horizontal_bars_put_the_number_beside_each_bar() -> None:
    svg = horizontal_bars([Bar("Wanda Aerts", 4), Bar("Casper Claes", 0)], title="Dossiers")

    assert "<title>Dossiers</title>" in svg
    assert svg.count("<rect") == 1  # nothing to draw for 0
    assert ">4</text>" in svg and ">0</text>" in svg
