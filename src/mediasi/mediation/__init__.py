"""Mediation sessions (musyawarah): scheduled by a transition, recorded by the officer."""
