"""Joint position papers: drafting, revisions, co-signing, Word export."""
