"""YouTube: Google OAuth, Data API v3 and Analytics API v2 behind ``PlatformAdapter``."""
