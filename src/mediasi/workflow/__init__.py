"""The declarative workflow engine. Imports neither Litestar nor SQLAlchemy, so it tests alone."""
