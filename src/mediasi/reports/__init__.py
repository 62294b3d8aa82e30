"""Figures over the cases in a reader's reach: the restorative justice report (issue 15), the
ground the statistics and the monthly anev build on."""
