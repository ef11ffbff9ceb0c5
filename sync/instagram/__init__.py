"""Instagram professional accounts (Instagram API with Instagram Login): a PlatformAdapter."""
