"""mediasi: case management for community mediation (Bhabinkamtibmas)."""

__version__ = "0.1.0"
