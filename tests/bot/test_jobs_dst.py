"""The latest cron slot across the autumn clock change (the repeated hour 02:00-03:00)."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.jobs import latest_slot

BERLIN = ZoneInfo("Europe/Berlin")


def test_latest_slot_steps_through_the_repeated_hour() -> None:
    """A job every 15 minutes: looking back over 25 October 2026 must end (it looped for ever)."""
    now = datetime(2026, 10, 25, 3, 10, tzinfo=UTC)  # 04:10 CET, after the change
    slot = latest_slot("*/15 * * * *", BERLIN, now, datetime(2026, 10, 24, 22, 0, tzinfo=UTC))
    assert slot is not None and slot.astimezone(UTC) == datetime(2026, 10, 25, 3, 0, tzinfo=UTC)
    first_hour = latest_slot("*/15 * * * *", BERLIN, datetime(2026, 10, 25, 0, 50, tzinfo=UTC), None)
    # 02:45 CEST, the first pass (compared in UTC: PEP 495 makes times in the repeated hour
    # unequal to any time in another zone)
    assert first_hour is not None
    assert first_hour.astimezone(UTC) == datetime(2026, 10, 25, 0, 45, tzinfo=UTC)
