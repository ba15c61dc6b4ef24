"""Public pages: no login."""
