"""API tokens: a person's or a service's key to the JSON API, acting as its owner."""
