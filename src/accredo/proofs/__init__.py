"""accredo.proofs."""
