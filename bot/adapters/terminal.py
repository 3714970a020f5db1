"""The terminal chat: numbered choices, plain text or JSON lines, the local inbox."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TextIO

from flows.types import Reply


def render(reply: Reply, t_source: str = "Quelle") -> str:
    """A reply as terminal text: the answer, its source line, links and numbered choices."""
    lines = [reply.text]
    if reply.source:
        lines.append(f"  [{t_source}: {reply.source}]")
    lines += [f"  {link}" for link in reply.links]
    if reply.meta.get("file"):  # an attachment, e.g. a survey chart: the terminal shows the file
        lines.append(f"  [{reply.meta['file']}]")
    lines += [f"  {i}) {c.label}" for i, c in enumerate(reply.choices, start=1)]
    return "\n".join(lines)


def write_jsonl(out: TextIO, text: str, replies: Iterable[Reply]) -> None:
    out.write(json.dumps({"text": text, "replies": [r.text for r in replies]}, ensure_ascii=False))
    out.write("\n")
    out.flush()
