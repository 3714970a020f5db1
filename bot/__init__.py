"""The bot: CLI, configuration, dispatch, scheduler, outbox sender and messenger adapters."""
