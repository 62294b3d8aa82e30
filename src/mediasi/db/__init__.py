"""Database plumbing: engine construction and the declarative base."""
