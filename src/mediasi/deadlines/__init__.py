"""Deadlines: the scanner that fires ``on_expiry`` when a state's due time passes."""
