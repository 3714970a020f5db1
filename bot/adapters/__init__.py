"""Messenger adapters: convert to and from the messenger-neutral types, nothing more."""
