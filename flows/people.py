"""Finding people in the directory by what someone types: a user id, a full name, a first name."""

from __future__ import annotations

from storage.models.core import Person
from storage.uow import UnitOfWork


async def find_person(uow: UnitOfWork, text: str, exclude: set[str]) -> list[Person]:
    """People a typed answer names: the user id, the full name, or a unique part of the name."""
    said = " ".join(text.strip().lstrip("@").split()).casefold()
    if not said:
        return []
    people = [p for p in await uow.people.all() if p.id not in exclude]
    for exact in ([p for p in people if p.id.casefold() == said],
                  [p for p in people if (p.name or "").casefold() == said]):
        if exact:
            return exact
    words = said.split()
    return [p for p in people
            if all(w in (p.name or "").casefold().split() for w in words)]
