"""The overview and the pages that belong to no domain."""
