"""The met rate is shown only when enough answers make it impossible to point at one group."""

from __future__ import annotations

from flows.lunch.stats import MIN_ANSWERS, met_rate


def test_met_rate_is_withheld_below_the_minimum() -> None:
    assert met_rate(2, 1) is None  # three answers could be one group of three
    assert met_rate(MIN_ANSWERS - 1, 0) is None
    assert met_rate(3, 2) == 0.6
    assert met_rate(0, 0) is None
