"""The JSON API for integrations: the same services and scope as the pages, OpenAPI at /schema."""
