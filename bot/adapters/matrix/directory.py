"""``flurfunk people sync-matrix``: Matrix ids for the directory from the homeserver's user
directory (``POST /_matrix/client/v3/user_directory/search``,
https://spec.matrix.org/v1.11/client-server-api/#post_matrixclientv3user_directorysearch).

Synapse searches user ids and display names, not email addresses: a person is matched by the
local part of their email (``anna.berger@stadt.example`` -> ``@anna.berger:…``) or by their
exact display name, and only when exactly one account fits. Which accounts the search sees is
the homeserver's choice: by default only those sharing a room with the bot or in public rooms;
``user_directory: {search_all_users: true}`` in Synapse's config makes it the whole server.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from storage.models.core import Person

log = logging.getLogger(__name__)
SEARCH = "/_matrix/client/v3/user_directory/search"
LIMIT = 20
Search = Callable[[str], Awaitable[list[dict[str, Any]]]]


class DirectoryError(Exception):
    """The homeserver refused the search (code: Matrix errcode or HTTP status)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def searcher(session: aiohttp.ClientSession, homeserver: str, token: str) -> Search:
    async def search(term: str) -> list[dict[str, Any]]:
        async with session.post(homeserver.rstrip("/") + SEARCH, json={
                "search_term": term, "limit": LIMIT},
                headers={"Authorization": f"Bearer {token}"}) as resp:
            data = await resp.json(content_type=None)
            if resp.status != 200:
                raise DirectoryError(str((data or {}).get("errcode") or resp.status))
            return list(data.get("results") or [])
    return search


@dataclass
class Found:
    person_id: str
    matrix_id: str
    old: str | None  # the matrix_id the directory has (None: none yet)


@dataclass
class SyncPlan:
    new: list[Found] = field(default_factory=list)  # to be set
    replaced: list[Found] = field(default_factory=list)  # differs; set only with --force
    kept: list[Found] = field(default_factory=list)  # differs; kept (no --force)
    same: int = 0  # already right
    missing: list[str] = field(default_factory=list)  # no account found
    ambiguous: list[str] = field(default_factory=list)  # several accounts fit
    taken: list[Found] = field(default_factory=list)  # the account is someone else's already


def _local(user_id: str) -> str:
    return user_id.lstrip("@").partition(":")[0].lower()


def match(person: Person, results: Sequence[dict[str, Any]], server: str) -> list[str]:
    """The accounts on ``server`` that are this person: by email local part, else by name."""
    on_server = [r for r in results if str(r.get("user_id", "")).endswith(":" + server)]
    if person.email and "@" in person.email:
        local = person.email.split("@")[0].lower()
        by_email = sorted({str(r["user_id"]) for r in on_server if _local(r["user_id"]) == local})
        if by_email:
            return by_email
    name = person.name.strip().lower()
    return sorted({str(r["user_id"]) for r in on_server
                   if name and str(r.get("display_name") or "").strip().lower() == name})


async def plan(people: Sequence[Person], search: Search, server: str, force: bool) -> SyncPlan:
    """What a sync would change (nothing is written here)."""
    out = SyncPlan()
    owner = {p.matrix_id: p.id for p in people if p.matrix_id}
    for person in people:
        terms = [t for t in ((person.email or "").split("@")[0], person.name) if t.strip()]
        results: list[dict[str, Any]] = []
        for term in terms:
            results += await search(term)
        found = match(person, results, server)
        if not found:
            out.missing.append(person.id)
            continue
        if len(found) > 1:
            out.ambiguous.append(person.id)
            continue
        hit = Found(person.id, found[0], person.matrix_id)
        if person.matrix_id == hit.matrix_id:
            out.same += 1
        elif owner.get(hit.matrix_id, person.id) != person.id:
            out.taken.append(hit)
        elif person.matrix_id is None:
            out.new.append(hit)
        else:
            (out.replaced if force else out.kept).append(hit)
    return out
