"""The Matrix adapter (BundesMessenger, openDesk/Element, any Synapse): end-to-end encrypted."""
