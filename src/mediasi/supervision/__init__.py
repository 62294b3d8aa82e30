"""The supervisor's desk: escalations to review, overdue cases, each officer's load."""
