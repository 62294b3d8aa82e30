"""Workflow diagrams drawn from the spec by Graphviz, for the case page and the admin."""
