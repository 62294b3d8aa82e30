"""The ways a message leaves mediasi: each an adapter behind one small protocol."""
