"""Cases, their parties and the tokoh involved."""
