"""The public door: residents report without an account and follow the report by a code."""
