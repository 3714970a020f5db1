"""Who is who: Slack user ids <-> people in the directory (first contact and ``sync-slack``)."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.exc import IntegrityError

from bot.config import SlackSettings
from storage.models.core import Person
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)
PERSON_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def locale_of(slack_locale: str | None) -> str:
    """``de-DE`` -> ``de``, ``en-US`` -> ``en``; anything else falls back to German."""
    lang = (slack_locale or "").replace("_", "-").split("-")[0].lower()
    return lang if lang in ("de", "en") else "de"


def profile_value(profile: dict[str, Any], field: str) -> str | None:
    """A standard profile field (``title``) or a custom field by id (``Xf01ABC``)."""
    if not field:
        return None
    custom = (profile.get("fields") or {}).get(field)
    value = custom.get("value") if isinstance(custom, dict) else profile.get(field)
    return str(value).strip() or None if value else None


def is_person(member: dict[str, Any]) -> bool:
    """Real, active staff: no bots, no Slackbot, no deactivated accounts."""
    return not (member.get("is_bot") or member.get("deleted") or member.get("id") == "USLACKBOT"
                or member.get("is_app_user"))


@dataclass(frozen=True)
class SlackPerson:
    slack_id: str
    name: str
    email: str | None
    locale: str
    department: str | None
    site: str | None


def from_member(member: dict[str, Any], cfg: SlackSettings) -> SlackPerson:
    profile = member.get("profile") or {}
    name = profile.get("real_name") or member.get("real_name") or member.get("name") or ""
    return SlackPerson(
        slack_id=str(member["id"]), name=str(name), email=profile.get("email") or None,
        locale=locale_of(member.get("locale")),
        department=profile_value(profile, cfg.department_field),
        site=profile_value(profile, cfg.site_field),
    )


async def _free_id(uow: UnitOfWork, sp: SlackPerson) -> str:
    """The e-mail's local part when it is free and valid, else the Slack id."""
    if sp.email:
        local = sp.email.split("@")[0].lower()
        if PERSON_ID.match(local) and await uow.people.get(local) is None:
            return local
    return sp.slack_id.lower()


async def link(uow: UnitOfWork, sp: SlackPerson, now: datetime, *, update: bool) -> tuple[Person, bool]:
    """The person for ``sp``: by Slack id, else by e-mail (then linked), else created.

    ``update`` (the directory sync) refreshes name, e-mail, department, site and locale;
    first contact only fills what is empty. Returns (person, created).
    """
    person = await uow.people.by_slack_id(sp.slack_id)
    if person is None and sp.email:
        person = await uow.people.by_email(sp.email)
    if person is None:
        pid = await _free_id(uow, sp)
        person, _ = await uow.people.upsert(
            pid, now, name=sp.name, email=sp.email, locale=sp.locale, slack_id=sp.slack_id,
            department=sp.department, site=sp.site, source="directory" if update else "contact")
        return person, True
    person.slack_id = sp.slack_id
    for key in ("name", "email", "department", "site", "locale"):
        value = getattr(sp, key)
        if value and (update or not getattr(person, key)):
            setattr(person, key, value)
    await uow.session.flush()
    return person, False


class Directory:
    """Slack user id -> person id, cached; unknown users are looked up once (``users.info``)."""

    def __init__(self, uow_factory: Callable[[], UnitOfWork], client: AsyncWebClient,
                 cfg: SlackSettings) -> None:
        self.uow_factory, self.client, self.cfg = uow_factory, client, cfg
        self.cache: dict[str, str] = {}

    async def person_id(self, slack_id: str, now: datetime) -> str:
        if slack_id in self.cache:
            return self.cache[slack_id]
        async with self.uow_factory() as uow:
            person = await uow.people.by_slack_id(slack_id)
            if person is None:
                member = await self._info(slack_id)
                try:
                    person, _ = await link(uow, from_member(member, self.cfg), now, update=False)
                    await uow.commit()
                except IntegrityError:  # two first messages at once: the other one linked
                    await uow.rollback()
                    person = await uow.people.by_slack_id(slack_id)
                    if person is None:
                        raise
        if len(self.cache) > 50_000:
            self.cache.clear()
        self.cache[slack_id] = person.id
        return person.id

    async def _info(self, slack_id: str) -> dict[str, Any]:
        try:
            resp = await self.client.users_info(user=slack_id, include_locale=True)
            return dict(resp["user"])
        except (SlackApiError, KeyError) as exc:
            log.warning("users.info failed for a first contact: %s", type(exc).__name__)
            return {"id": slack_id}


@dataclass
class SyncResult:
    seen: int = 0
    created: int = 0
    updated: int = 0
    skipped: int = 0


async def sync_directory(uow: UnitOfWork, client: AsyncWebClient, cfg: SlackSettings,
                         now: datetime) -> SyncResult:
    """``users.list`` page by page (limit 200): people created or updated, bots and deactivated
    accounts skipped. The caller commits."""
    result = SyncResult()
    cursor: str | None = None
    while True:
        resp = await client.users_list(limit=200, cursor=cursor, include_locale=True)
        for member in resp.get("members") or []:
            result.seen += 1
            if not is_person(member):
                result.skipped += 1
                continue
            _, created = await link(uow, from_member(member, cfg), now, update=True)
            result.created += created
            result.updated += not created
        cursor = (resp.get("response_metadata") or {}).get("next_cursor") or None
        if not cursor:
            return result
