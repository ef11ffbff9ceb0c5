"""The LLM path: the tool-calling agent, its prompts within a budget, and the LLM writers."""
