"""The scheduling service: what is due, claimed, worded and recorded, exactly once."""
