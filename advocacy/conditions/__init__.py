"""National framework conditions, their links to measures, and the leverage ranking."""
