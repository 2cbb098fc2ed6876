"""Private notices to one person, written in the reader's language when shown."""
