"""Workflow versions managed in the app: uploaded, checked, compared, published, and the open
cases of a workflow moved to a newer version."""
