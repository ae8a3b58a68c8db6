"""accredo.web."""
