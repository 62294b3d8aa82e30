"""Server-rendered pages (Jinja2 + HTMX): thin controllers over the services."""
