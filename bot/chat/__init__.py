"""The chat core every front-end shares: text layout, button signing, the turn and its answer."""
