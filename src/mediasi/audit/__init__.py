"""The tamper-evident event log: hashing, replay and verification."""
