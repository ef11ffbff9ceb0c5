"""Render a reply's ChartSpec to a PNG with matplotlib's Agg backend, at the edge.

matplotlib is imported inside the functions, so front-ends that never draw start fast.
Figures are built with the object API (no pyplot global state), so rendering is thread-safe.
"""

from __future__ import annotations

import io
from pathlib import Path

from bot.charts.kinds import DRAWERS
from bot.charts.text import clean_label, font_families
from context.reply import ChartSpec
from storage.errors import InvalidInput

WIDTH_INCHES = 10.0
HEIGHT_INCHES = 5.6
DPI = 110  # 1100 × 616 px: readable in a chat preview, far below 1 MB
TITLE_CHARS = 80


def render_chart(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes; raises InvalidInput for an unknown kind."""
    drawer = DRAWERS.get(spec.kind)
    if drawer is None:
        known = ", ".join(DRAWERS)
        raise InvalidInput(f"Unknown chart kind {spec.kind!r}; known kinds: {known}.")
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    data = spec.data if isinstance(spec.data, dict) else {}
    with mpl.rc_context(
        {"font.family": font_families(), "axes.spines.top": False, "axes.spines.right": False}
    ):
        fig = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)  # attaches the Agg canvas to the figure
        fig.suptitle(clean_label(spec.title, TITLE_CHARS), fontsize=13, fontweight="bold")
        drawer(fig, data)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")
    return buffer.getvalue()


def save_chart(spec: ChartSpec, path: Path | str) -> Path:
    """Render the chart and write it to ``path`` (parent folders are created); returns the path."""
    target = Path(path)
    png = render_chart(spec)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(png)
    return target
