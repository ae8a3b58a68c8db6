"""accredo.verify."""
