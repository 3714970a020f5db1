"""Slack: the Bolt app (Socket Mode or HTTP), Block Kit rendering, the outbox delivery, sync."""
