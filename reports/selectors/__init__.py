"""Reads of the reports app, one module per part (reports never writes another app's data)."""
