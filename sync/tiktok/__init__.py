"""TikTok (Login Kit OAuth v2 with PKCE, Display API) behind ``PlatformAdapter``."""
