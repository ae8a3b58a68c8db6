"""accredo.mail."""
