"""Privacy settings from [features.privacy]: retention overrides, controller and DPO contact."""

from __future__ import annotations

from dataclasses import dataclass, field

from flows.types import PersonalData


@dataclass(frozen=True)
class PrivacyConfig:
    retention: dict[str, int] = field(default_factory=dict,  # PersonalData.name -> days
                                      metadata={"between": (1, None)})
    controller: str = "Stadtverwaltung (Verantwortliche Stelle: siehe Impressum im Intranet)"
    dpo: str = "Behördliche Datenschutzbeauftragte (Kontakt im Intranet)"

    def days(self, item: PersonalData) -> int | None:
        return self.retention.get(item.name, item.retention_days)


@dataclass(frozen=True)
class PrivacyResources:
    """What the privacy feature is given at start: every kind of personal data the installation
    keeps (the foundation's first, then each feature's, in ``all_features`` order)."""

    data: tuple[PersonalData, ...]
