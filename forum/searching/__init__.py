"""Full-text search over discussions and cooperation listings."""
