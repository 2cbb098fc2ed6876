"""JSON API v1: the same services and rules as the pages, with bearer tokens."""
