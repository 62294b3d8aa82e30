"""Users, roles, areas and the tokoh registry."""
