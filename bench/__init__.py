"""Benchmarks: run them with `.venv/bin/python -m bench.NAME`; figures go to docs/PERFORMANCE.md."""
