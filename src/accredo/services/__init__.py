"""accredo.services."""
