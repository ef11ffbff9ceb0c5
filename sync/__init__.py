"""Live sync from the platforms' APIs: connections, a runner, quota accounting, metric history.

Platform-neutral here (``adapter``, ``runner``, ``writer``, ``schedule``); one sub-package per
platform implements ``PlatformAdapter`` (YouTube first). Domain code: no chat SDK, no web
framework; the edges (CLI, scheduler, HTTP callback) call it.
"""
