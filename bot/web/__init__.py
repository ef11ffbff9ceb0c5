"""The dashboard as web pages: a Telegram Mini App, and a plain page for Discord and the browser.

An edge like the others: server-rendered Jinja2 pages over the same insights, plans and context
services the chat and the HTTP API call; no queries and no rules of its own.
"""
