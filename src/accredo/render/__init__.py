"""accredo.render."""
