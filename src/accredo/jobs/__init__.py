"""accredo.jobs."""
