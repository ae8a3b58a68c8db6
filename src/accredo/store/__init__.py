"""accredo.store."""
