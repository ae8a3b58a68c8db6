"""accredo.analytics."""
