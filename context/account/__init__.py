"""The account flows run first on every turn: onboarding, linking, timezone, settings, forget."""
