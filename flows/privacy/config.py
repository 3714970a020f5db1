"""Privacy settings from [features.privacy]: retention overrides, controller and DPO contact."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flows.types import PersonalData, UserError


@dataclass(frozen=True)
class PrivacyConfig:
    retention: dict[str, int] = field(default_factory=dict)  # PersonalData.name -> days
    controller: str = "Stadtverwaltung (Verantwortliche Stelle: siehe Impressum im Intranet)"
    dpo: str = "Behördliche Datenschutzbeauftragte (Kontakt im Intranet)"

    def days(self, item: PersonalData) -> int | None:
        return self.retention.get(item.name, item.retention_days)


def make_config(raw: dict[str, Any]) -> PrivacyConfig:
    retention = raw.get("retention", {})
    if not isinstance(retention, dict) or not all(
        isinstance(v, int) and v >= 1 for v in retention.values()
    ):
        raise UserError("[features.privacy.retention]: each value must be a number of days >= 1")
    unknown = set(raw) - {"retention", "controller", "dpo"}
    if unknown:
        raise UserError(f"[features.privacy]: unknown setting(s) {', '.join(sorted(unknown))}")
    return PrivacyConfig(dict(retention), **{k: str(raw[k]) for k in ("controller", "dpo") if k in raw})


@dataclass(frozen=True)
class PrivacyResources:
    """What the privacy feature is given at start: every kind of personal data the installation
    keeps (the foundation's first, then each feature's, in ``all_features`` order)."""

    data: tuple[PersonalData, ...]
