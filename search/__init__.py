"""Full-text search (Whoosh): analysis, schema, documents, index and query language.

Knows the models and nothing of Flask requests: forum/indexing.py keeps the
index in step with the database, forum/searching/ serves the pages and API.
"""
