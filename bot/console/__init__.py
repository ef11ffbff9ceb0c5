"""The console front-end: a rich REPL and the one-shot `ask` and `chart` commands."""
