"""Repositories: the only place that writes queries."""
