"""accredo.ledger."""
