"""The home page: what each person has to do today."""
