"""Charts drawn at the edge: a reply's ChartSpec rendered to PNG by matplotlib workers.

``render_chart`` draws one chart in this process; ``ChartPool`` (what the bots start) draws
them in worker processes. matplotlib is imported only when a chart is drawn.
"""

from bot.charts.pool import ChartPool
from bot.charts.render import render_chart

__all__ = ["ChartPool", "render_chart"]
