"""Demo mode: a seeded, realistic content simulator."""
