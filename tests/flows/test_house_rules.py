"""House rules the import linter cannot see: flows queue proactive messages only through the one
outbox port (``ctx.send`` / ``flows.outbox``) and touch storage only through repositories."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FLOWS = ROOT / "flows"
PORT = FLOWS / "outbox.py"
SENDS = {"add", "add_many"}  # OutboxRepository's queueing methods


def breaches(source: str, port: bool = False) -> list[str]:
    """What in ``source`` bypasses the ports: a database session or ``execute``, or queueing
    on the outbox repository outside ``flows/outbox.py`` (``port``)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute):
            continue
        if node.attr in {"session", "execute"}:
            found.append((node.lineno, f".{node.attr}"))
        inner = node.value
        if (node.attr in SENDS and not port and isinstance(inner, ast.Attribute)
                and inner.attr == "outbox"):
            found.append((node.lineno, f".outbox.{node.attr}"))
    return [f"line {n}: {what}" for n, what in sorted(found)]


def test_flows_use_the_outbox_port_and_repositories_only() -> None:
    found = {str(p.relative_to(ROOT)): b for p in sorted(FLOWS.rglob("*.py"))
             if (b := breaches(p.read_text(encoding="utf-8"), port=p == PORT))}
    assert found == {}


def test_the_rule_catches_a_bypass() -> None:
    """The weakened code the rule exists for is caught (and the port itself may queue)."""
    bypass = ("async def job(ctx, now):\n"
              "    await ctx.uow.outbox.add('k', ['anna'], {}, now)\n"
              "    await ctx.uow.session.flush()\n"
              "    await ctx.uow.session.execute('delete from x')\n")
    assert breaches(bypass) == ["line 2: .outbox.add", "line 3: .session", "line 4: .execute",
                                "line 4: .session"]
    assert breaches("await uow.outbox.add_many(rows, now)\n") == ["line 1: .outbox.add_many"]
    assert breaches("await uow.outbox.add_many(rows, now)\n", port=True) == []
    assert breaches("await ctx.send(out)\nawait uow.outbox.erase_recipient(p)\n") == []
