"""The Telegram front-end: updates in, rendered replies out, and its notifier."""
