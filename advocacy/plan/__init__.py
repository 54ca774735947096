"""The regional plan: its goals, themes and measures."""
