"""The request pages."""
