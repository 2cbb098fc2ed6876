"""Curation: new-member review of held posts, featured posts ("destacados")
and a topic's answer or conclusion."""
