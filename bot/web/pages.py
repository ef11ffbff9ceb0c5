"""Rendering pages: the Jinja2 environment (autoescaped), its filters, and the HTML error pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from bot.web import charts, formats

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
templates.env.autoescape = True
templates.env.filters.update(formats.FILTERS)
templates.env.globals.update(charts.GLOBALS)
# Every page reads app.js with this version, so a new release is fetched at once.
STATIC_VERSION = "1"


def compile_templates() -> None:
    """Compile every template now (once per process), so the first page view does not wait."""
    for name in templates.env.list_templates(extensions=["html"]):
        templates.get_template(name)


def warm_templates(dashboard: dict[str, Any]) -> None:
    """Render the dashboard once with an empty board (the first render sets up more than the
    compile does), so the first person's first view does not pay for it."""
    context = {"period": "30d", "platform": "all", "tab": "top", **dashboard}
    templates.get_template("dashboard.html").render(csrf="-", v=STATIC_VERSION, **context)


def render(
    request: Request, name: str, context: dict[str, Any], *, status: int = 200
) -> HTMLResponse:
    """The template ``name`` with ``context`` and what every page needs."""
    viewer = context.get("viewer")
    base = {
        "in_telegram": bool(viewer is not None and viewer.in_telegram),
        "csrf": viewer.csrf if viewer is not None else "",
        "v": STATIC_VERSION,
    }
    return templates.TemplateResponse(request, name, {**base, **context}, status_code=status)


def problem(request: Request, status: int, headline: str, text: str) -> HTMLResponse:
    """A page that says what went wrong in one line (never a traceback)."""
    return render(request, "problem.html", {"headline": headline, "text": text}, status=status)
