"""Spaces > categories > topics > threaded posts."""
