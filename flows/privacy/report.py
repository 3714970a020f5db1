"""The record of processing activities (Verzeichnis von Verarbeitungstätigkeiten, Art. 30 DSGVO),
generated from what the features declare and the live retention settings."""

from __future__ import annotations

from collections.abc import Sequence

from flows.privacy.config import PrivacyConfig
from flows.types import PersonalData, Translator


def render(data: Sequence[PersonalData], config: PrivacyConfig, t: Translator) -> str:
    controller, dpo = t.gettext("Controller"), t.gettext("Data protection officer")
    basis, excluded = t.gettext("Legal basis"), t.gettext("Not processed")
    headers = [t.gettext("Data"), t.gettext("Purpose"), t.gettext("Categories"),
               t.gettext("Recipients"), t.gettext("Retention")]
    lines = [
        "# " + t.gettext("Record of processing activities: flurfunk"),
        "",
        f"- {controller}: {config.controller}",
        f"- {dpo}: {config.dpo}",
        f"- {basis}: " + t.gettext(
            "Art. 6(1)(c) and (e), Art. 88 GDPR with the state employee data protection law and "
            "the service agreement with the staff council (Personalrat)"),
        f"- {excluded}: " + t.gettext(
            "no behaviour or performance monitoring of individuals; survey answers are anonymous "
            "and shown only in groups of at least the anonymity threshold"),
        "",
        "| " + " | ".join(headers) + " |",
        "|---|---|---|---|---|",
    ]
    for item in data:
        days = config.days(item)
        keep = (t.ngettext("%(n)d day", "%(n)d days", days) % {"n": days} if days is not None
                else t.gettext("while taking part; erased on request"))
        lines.append(f"| {item.name} | {t.gettext(item.purpose)} | {t.gettext(item.categories)} | "
                     f"{t.gettext(item.recipients)} | {keep} |")
    return "\n".join(lines) + "\n"
