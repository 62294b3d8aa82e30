"""Restorative justice: the victim's consent apart from the agreement, and once per offender."""
