"""Full-text search over discussions (Whoosh). Built in a later issue."""
