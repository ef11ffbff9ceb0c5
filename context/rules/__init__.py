"""The rules engine: the agent's answers without an LLM, from intents matched in the text."""
