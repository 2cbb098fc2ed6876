"""Moderator actions on topics and posts, and the audit log."""
