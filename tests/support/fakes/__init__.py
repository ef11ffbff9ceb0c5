"""Local stand-ins for outside services (Bot API, LLM endpoints), used only by tests."""
