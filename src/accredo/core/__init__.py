"""accredo.core."""
