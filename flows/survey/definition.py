"""Survey definitions in YAML (German and English texts): parse and validate everything, naming
file, line and field at the first problem; nothing is stored unless the whole file is valid."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flows.cron import Cron, CronError
from flows.files import FileError, YamlDoc, read_yaml

LOCALES = ("de", "en")
TYPES = ("scale", "enps", "choice", "yesno", "text")
MIN_THRESHOLD = 3
DEFAULT_THRESHOLD = 5
DEFAULT_TEXT_THRESHOLD = 10
MAX_TEXT = 1000  # characters kept of a free-text answer
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
SCALE_LABELS = {
    "de": ["stimme gar nicht zu", "stimme eher nicht zu", "teils, teils", "stimme eher zu",
           "stimme voll zu"],
    "en": ["strongly disagree", "rather disagree", "neither nor", "rather agree", "strongly agree"],
}
TOP = {"id", "title", "intro", "owner", "audience", "schedule", "window_days",
       "reminder_after_days", "anonymity", "segment_by", "questions"}


class DefinitionError(FileError):
    """A survey file is broken; the message names file, line and field."""


@dataclass(frozen=True)
class Question:
    id: str
    type: str  # scale | enps | choice | yesno | text
    text: dict[str, str]
    options: dict[str, list[str]] = field(default_factory=dict)  # labels (scale) or options
    optional: bool = False

    def label(self, locale: str, value: int) -> str:
        """The option text for an answer value (scale 1-5, choice index 1..n)."""
        opts = self.options.get(locale) or self.options.get("de") or []
        if self.type in ("scale", "choice") and 1 <= value <= len(opts):
            return opts[value - 1]
        return str(value)

    def values(self) -> list[int]:
        """Possible answer values (empty for free text)."""
        if self.type == "scale":
            return [1, 2, 3, 4, 5]
        if self.type == "enps":
            return list(range(11))
        if self.type == "yesno":
            return [1, 0]
        if self.type == "choice":
            return list(range(1, len(self.options["de"]) + 1))
        return []


@dataclass(frozen=True)
class SurveyDef:
    id: str
    title: dict[str, str]
    intro: dict[str, str]
    owner: str
    audience: dict[str, list[str]]  # {} = everyone, else departments/sites/people/started_months_ago
    schedule: dict[str, str]  # {"once": ISO} or {"cron": expr}
    window_days: int
    reminder_after_days: int | None
    threshold: int
    text_threshold: int
    segment_by: str | None  # department | site | None
    questions: tuple[Question, ...]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SurveyDef:
        qs = tuple(Question(**q) for q in d["questions"])
        return cls(**{**d, "questions": qs})

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)

    def text(self, part: str, locale: str) -> str:
        texts: dict[str, str] = getattr(self, part)
        return texts.get(locale) or texts.get("de", "")


class _Where:
    """Names a field of the survey file with its line (``YamlDoc.line`` finds the line)."""

    def __init__(self, doc: YamlDoc) -> None:
        self.path, self.line = doc.path, doc.line

    def fail(self, message: str, *keys: str | int) -> DefinitionError:
        name = "".join(f"[{k}]" if isinstance(k, int) else (f".{k}" if i else str(k))
                       for i, k in enumerate(keys))
        field_part = f", field '{name}'" if keys else ""
        return DefinitionError(f"{self.path}, line {self.line(*keys)}{field_part}: {message}")


def _texts(w: _Where, raw: Any, *keys: str | int, required: bool = True) -> dict[str, str]:
    if raw is None and not required:
        return {}
    if isinstance(raw, str):
        raise w.fail("give the text in German and English (de: ..., en: ...)", *keys)
    if not isinstance(raw, dict):
        raise w.fail("expected de: and en: texts", *keys)
    unknown = set(raw) - set(LOCALES)
    if unknown:
        raise w.fail(f"unknown language(s) {', '.join(sorted(map(str, unknown)))}; use de and en",
                     *keys)
    out = {}
    for loc in LOCALES:
        value = raw.get(loc)
        if not isinstance(value, str) or not value.strip():
            raise w.fail(f"missing the {'German' if loc == 'de' else 'English'} text", *keys, loc)
        out[loc] = value.strip()
    return out


def _lists(w: _Where, raw: Any, count: int | None, *keys: str | int) -> dict[str, list[str]]:
    if not isinstance(raw, dict) or set(raw) != set(LOCALES):
        raise w.fail("expected de: and en: lists", *keys)
    out = {}
    for loc in LOCALES:
        items = raw[loc]
        if not isinstance(items, list) or not all(isinstance(i, str) and i.strip() for i in items):
            raise w.fail("expected a list of texts", *keys, loc)
        if count is not None and len(items) != count:
            raise w.fail(f"expected {count} labels, found {len(items)}", *keys, loc)
        if count is None and not 2 <= len(items) <= 10:
            raise w.fail("give between 2 and 10 options", *keys, loc)
        out[loc] = [i.strip() for i in items]
    if len(out["de"]) != len(out["en"]):
        raise w.fail("German and English lists differ in length", *keys, "en")
    return out


def _question(w: _Where, raw: Any, i: int, seen: set[str]) -> Question:
    keys: tuple[str | int, ...] = ("questions", i)
    if not isinstance(raw, dict):
        raise w.fail("expected a question (id, type, text)", *keys)
    unknown = set(raw) - {"id", "type", "text", "labels", "options", "optional"}
    if unknown:
        raise w.fail(f"unknown field(s) {', '.join(sorted(map(str, unknown)))}", *keys)
    qid = str(raw.get("id") or "")
    if not _ID.match(qid):
        raise w.fail("use lower-case letters, digits, - and _", *keys, "id")
    if qid in seen:
        raise w.fail(f"question id {qid!r} used twice", *keys, "id")
    seen.add(qid)
    qtype = raw.get("type")
    if qtype not in TYPES:
        raise w.fail(f"use one of {', '.join(TYPES)}", *keys, "type")
    text = _texts(w, raw.get("text"), *keys, "text")
    options: dict[str, list[str]] = {}
    if qtype == "scale":
        options = (_lists(w, raw["labels"], 5, *keys, "labels") if "labels" in raw
                   else {k: list(v) for k, v in SCALE_LABELS.items()})
    elif qtype == "choice":
        if "options" not in raw:
            raise w.fail("a choice question needs options", *keys)
        options = _lists(w, raw["options"], None, *keys, "options")
    elif "labels" in raw or "options" in raw:
        raise w.fail(f"a {qtype} question takes no labels or options", *keys)
    optional = raw.get("optional", qtype == "text")
    if not isinstance(optional, bool):
        raise w.fail("use true or false", *keys, "optional")
    return Question(qid, str(qtype), text, options, optional)


def _positive(w: _Where, raw: dict[str, Any], key: str, default: int | None, *keys: str) -> int | None:
    value = raw.get(key, default)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise w.fail("expected a whole number >= 1", *keys, key)
    return value


def _audience(w: _Where, raw: Any) -> dict[str, list[str]]:
    if raw in (None, "everyone", "alle"):
        return {}
    if not isinstance(raw, dict) or len(raw) != 1 or next(iter(raw)) not in (
            "departments", "sites", "people", "started_months_ago"):
        raise w.fail("use everyone, or one of departments:, sites:, people: with a list, or "
                     "started_months_ago: [from, to]", "audience")
    key, items = next(iter(raw.items()))
    if key == "started_months_ago":  # new colleagues: start date between `to` and `from` months ago
        if (not isinstance(items, list) or len(items) != 2
                or not all(isinstance(i, int) and not isinstance(i, bool) for i in items)
                or not 0 <= items[0] < items[1]):
            raise w.fail("expected [from, to] in months with 0 <= from < to, e.g. [3, 6]",
                         "audience", key)
        return {key: [str(i) for i in items]}
    if not isinstance(items, list) or not items or not all(isinstance(i, str | int) for i in items):
        raise w.fail("expected a non-empty list", "audience", key)
    return {key: [str(i) for i in items]}


def _schedule(w: _Where, raw: Any, tz: ZoneInfo) -> dict[str, str]:
    if not isinstance(raw, dict) or len(raw) != 1 or next(iter(raw)) not in ("once", "cron"):
        raise w.fail("use once: <date and time> or cron: \"<minute hour day month weekday>\"",
                     "schedule")
    key, value = next(iter(raw.items()))
    if key == "cron":
        try:
            Cron(str(value))
        except CronError as exc:
            raise w.fail(str(exc), "schedule", "cron") from exc
        return {"cron": str(value)}
    try:
        when = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise w.fail("use an ISO date and time such as 2026-10-05T09:00", "schedule",
                     "once") from exc
    if when.tzinfo is None:
        when = when.replace(tzinfo=tz)
    return {"once": when.isoformat()}


def _anonymity(w: _Where, raw: Any) -> tuple[int, int]:
    raw = raw or {}
    if not isinstance(raw, dict) or set(raw) - {"threshold", "free_text_threshold"}:
        raise w.fail("use threshold: and free_text_threshold:", "anonymity")
    threshold = _positive(w, raw, "threshold", DEFAULT_THRESHOLD, "anonymity")
    assert threshold is not None
    if threshold < MIN_THRESHOLD:
        raise w.fail(f"refused: below {MIN_THRESHOLD} answers anonymity cannot be kept",
                     "anonymity", "threshold")
    text = _positive(w, raw, "free_text_threshold", max(DEFAULT_TEXT_THRESHOLD, threshold),
                     "anonymity")
    assert text is not None
    if text < threshold:
        raise w.fail("must not be lower than the threshold", "anonymity", "free_text_threshold")
    return threshold, text


def parse_survey(path: Path, text: str | None = None, tz: str = "Europe/Berlin") -> SurveyDef:
    """Read and validate one survey file; raises DefinitionError naming file, line and field."""
    doc = read_yaml(path, text, error=DefinitionError)
    root, raw = doc.root, doc.data
    if root is None or not isinstance(raw, dict):
        raise DefinitionError(f"{path}, line 1: expected a survey (id, title, questions, ...)")
    w = _Where(doc)
    unknown = set(raw) - TOP
    if unknown:
        first = sorted(map(str, unknown))[0]
        raise w.fail(f"unknown field (known: {', '.join(sorted(TOP))})", first)
    sid = str(raw.get("id") or "")
    if not _ID.match(sid):
        raise w.fail("use lower-case letters, digits, - and _ (for example mobiles-arbeiten)", "id")
    owner = raw.get("owner")
    if not isinstance(owner, str) or not owner.strip():
        raise w.fail("name the person who sees the results (a user id)", "owner")
    questions = raw.get("questions")
    if not isinstance(questions, list) or not questions:
        raise w.fail("give at least one question", "questions")
    if len(questions) > 20:
        raise w.fail("a pulse survey has at most 20 questions", "questions")
    seen: set[str] = set()
    qs = tuple(_question(w, q, i, seen) for i, q in enumerate(questions))
    if all(q.type == "text" for q in qs):
        raise w.fail("needs at least one question that is not free text", "questions")
    window = _positive(w, raw, "window_days", 7)
    assert window is not None
    reminder = _positive(w, raw, "reminder_after_days", None)
    if reminder is not None and reminder >= window:
        raise w.fail("the reminder must come before the window closes", "reminder_after_days")
    segment = raw.get("segment_by", "department")
    if segment in (None, "none"):
        segment = None
    elif segment not in ("department", "site"):
        raise w.fail("use department, site or none", "segment_by")
    threshold, text_threshold = _anonymity(w, raw.get("anonymity"))
    return SurveyDef(
        id=sid, title=_texts(w, raw.get("title"), "title"),
        intro=_texts(w, raw.get("intro"), "intro", required=False), owner=owner.strip(),
        audience=_audience(w, raw.get("audience")),
        schedule=_schedule(w, raw.get("schedule"), ZoneInfo(tz)), window_days=window,
        reminder_after_days=reminder, threshold=threshold, text_threshold=text_threshold,
        segment_by=segment, questions=qs,
    )


def field_line(path: Path, *keys: str | int) -> str:
    """``file, line N, field 'a.b'`` for a message about a field found valid in form only
    (an owner not in the directory, say)."""
    try:
        doc = read_yaml(path)
    except FileError:
        return str(path)
    if doc.root is None:
        return str(path)
    return str(_Where(doc).fail("", *keys)).removesuffix(": ")
