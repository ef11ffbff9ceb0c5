"""The Discord front-end: interactions and messages in, embeds out, and its notifier."""
