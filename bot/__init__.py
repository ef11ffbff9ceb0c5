"""The edges: chat front-ends, rendering, the scheduler, the CLI and bootstrap."""
