"""What the agent knows: prompts, context builders, tools, the rules engine and the LLM agent."""
