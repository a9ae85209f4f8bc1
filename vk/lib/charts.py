"""Charts as SVG drawn on the server: horizontal bars and bars per month.

No script and no external asset: the SVG is part of the page (and of the PDF, which
WeasyPrint draws from the same markup). Every chart is an image with a title for
screen readers; the page shows the numbers beside it in a table, so nothing is only in
the picture. Text is escaped. Bars use one colour with a darker outline so they stay
readable in black and white print; a hidden (suppressed) value draws no bar and reads
"< 5".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR = "#4a6fa5"
OUTLINE = "#26415f"
AXIS = "#666666"
TARGET = "#b3261e"
FONT = 'font-family="DejaVu Sans, Arial, sans-serif" font-size="12"'


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float | None  # None: not shown (suppressed)
    shown: str = ""  # the text beside the bar; the value when empty


def _number(value: int | float) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return f"{int(value):,}".replace(",", "\u202f")


def horizontal_bars(
    bars: Sequence[Bar], *, title: str, hidden_text: str = "< 5", width: int = 560
) -> SafeString:
    """One bar per row, the label left of it and the number right of it."""
    label_width, number_width, row_height = 220, 70, 22
    plot = width - label_width - number_width
    top = max((bar.value or 0) for bar in bars) if bars else 0
    height = row_height * len(bars) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" {FONT}>',
        f"<title>{escape(title)}</title>",
    ]
    for index, bar in enumerate(bars):
        y = 4 + index * row_height
        length = plot * (bar.value or 0) / top if top else 0
        text = bar.shown or (hidden_text if bar.value is None else _number(bar.value))
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end" fill="#1a1a1a">'
            f"{escape(_shorten(bar.label, 34))}</text>"
        )
        if length > 0:
            parts.append(
                f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" '
                f'height="{row_height - 8}" fill="{BAR}" stroke="{OUTLINE}" stroke-width="1"/>'
            )
        parts.append(
            f'<text x="{label_width + length + 6:.1f}" y="{y + 15}" fill="#1a1a1a">'
            f"{escape(text)}</text>"
        )
    parts.append(
        f'<line x1="{label_width}" y1="2" x2="{label_width}" y2="{height - 2}" '
        f'stroke="{AXIS}" stroke-width="1"/>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text above is escaped)


def column_bars(
    bars: Sequence[Bar],
    *,
    title: str,
    maximum: float | None = None,
    target: float | None = None,
    target_label: str = "",
    width: int = 560,
    height: int = 180,
) -> SafeString:
    """Vertical bars side by side (for example one per month), the label under each and
    the number above it; `target` draws a dashed line across (e.g. 90 %), beneath the
    bars and their numbers."""
    left, bottom, top_margin = 8, 34, 18
    plot_height = height - bottom - top_margin
    top = maximum if maximum is not None else max((bar.value or 0) for bar in bars) if bars else 0
    slot = (width - left * 2) / max(len(bars), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" {FONT}>',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - left}" y2="{height - bottom}" '
        f'stroke="{AXIS}" stroke-width="1"/>',
    ]
    if target is not None and top:
        # Drawn first: the bars and their numbers lie on top of it and stay readable.
        target_y = height - bottom - plot_height * target / top
        parts.append(
            f'<line x1="{left}" y1="{target_y:.1f}" x2="{width - left}" y2="{target_y:.1f}" '
            f'stroke="{TARGET}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
        if target_label:
            parts.append(
                f'<text x="{width - left}" y="{target_y - 4:.1f}" text-anchor="end" '
                f'fill="{TARGET}">{escape(target_label)}</text>'
            )
    for index, bar in enumerate(bars):
        x = left + index * slot
        value = bar.value or 0
        bar_height = plot_height * value / top if top else 0
        y = height - bottom - bar_height
        if bar_height > 0:
            parts.append(
                f'<rect x="{x + slot * 0.15:.1f}" y="{y:.1f}" width="{slot * 0.7:.1f}" '
                f'height="{bar_height:.1f}" fill="{BAR}" stroke="{OUTLINE}" stroke-width="1"/>'
            )
        text = bar.shown or ("—" if bar.value is None else _number(bar.value))
        parts.append(
            f'<text x="{x + slot / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle" '
            f'fill="#1a1a1a">{escape(text)}</text>'
        )
        parts.append(
            f'<text x="{x + slot / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'fill="#1a1a1a">{escape(_shorten(bar.label, 10))}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text above is escaped)


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"
