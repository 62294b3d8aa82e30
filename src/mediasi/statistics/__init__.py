"""Statistics (issue 16): figures over the event log and the case rows, within an area."""
