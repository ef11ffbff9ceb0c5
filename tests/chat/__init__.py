"""Tests of the chat core both front-ends share: layout, button signing, the turn."""
