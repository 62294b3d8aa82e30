"""The victim's consent to restorative justice, apart from the agreement: the statement, its
signing in person or on paper, its withdrawal and its place on the case page."""
