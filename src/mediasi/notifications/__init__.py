"""Telling people in time: an outbox written with the change, channels, a dispatcher, a log."""
