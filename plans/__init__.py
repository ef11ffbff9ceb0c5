"""Action plans: plans and items, progress, urgency and outcomes."""
