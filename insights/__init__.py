"""Insights: scoring against the creator's own history, views, themes, platforms and patterns."""
