"""Handover (mutasi): a desa moves from one officer to another with its open cases."""
