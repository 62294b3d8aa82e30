"""The ``mediasi`` command's groups that live outside ``mediasi.cli``."""
