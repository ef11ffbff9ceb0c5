"""Discord over the wire: the real `whatsworking run --discord` against a local Discord."""
