"""Survey definitions in YAML (German and English texts): parse and validate everything, naming
file, line and field at the first problem; nothing is stored unless the whole file is valid."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    StrictInt,
    StringConstraints,
    field_validator,
    model_validator,
)

from flows.cron import Cron, CronError
from flows.files import FileError, YamlDoc, field_name, read_yaml
from flows.schema import Strict, Text, an_id, bounded, refuse, validate
from flows.types import N_

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


def _no_plain_text(value: Any) -> Any:
    if isinstance(value, str):
        raise refuse(N_("give the text in German and English (de: ..., en: ...)"))
    return value


Word = Annotated[str, StringConstraints(min_length=1), bounded(max_length=200)]
Count = Annotated[int, StrictInt, Field(ge=1)]
SurveyId = Annotated[str, AfterValidator(lambda v: _match(v, N_(
    "use lower-case letters, digits, - and _ (for example mobiles-arbeiten)")))]


def _match(value: str, message: str) -> str:
    if not _ID.match(value):
        raise refuse(message)
    return value


class Texts(Strict):
    """A text in German and English."""

    de: Text
    en: Text


LocalTexts = Annotated[Texts, BeforeValidator(_no_plain_text)]


class Lists(Strict):
    """Labels or options in German and English, the same number in both."""

    de: Annotated[list[Word], Field(min_length=1, max_length=10)]
    en: Annotated[list[Word], Field(min_length=1, max_length=10)]

    @model_validator(mode="after")
    def _same_length(self) -> Lists:
        if len(self.de) != len(self.en):
            raise refuse(N_("German and English lists differ in length"))
        return self


class QuestionIn(Strict):
    id: Annotated[str, AfterValidator(lambda v: _match(v, N_(
        "use lower-case letters, digits, - and _")))]
    type: Literal["scale", "enps", "choice", "yesno", "text"]
    text: LocalTexts
    labels: Lists | None = None
    options: Lists | None = None
    optional: bool | None = None


def _everyone(value: Any) -> Any:
    if value in (None, "everyone", "alle"):
        return None
    if not isinstance(value, dict):
        raise refuse(N_("use everyone, or one of departments:, sites:, people: with a list, or "
                        "started_months_ago: [from, to]"))
    return value


class AudienceIn(Strict):
    departments: Annotated[list[Word], Field(min_length=1)] | None = None
    sites: Annotated[list[Word], Field(min_length=1)] | None = None
    people: Annotated[list[Annotated[str, an_id()]], Field(min_length=1)] | None = None
    started_months_ago: tuple[Annotated[int, StrictInt], Annotated[int, StrictInt]] | None = None

    @field_validator("started_months_ago")
    @classmethod
    def _span(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        if value is not None and not 0 <= value[0] < value[1]:
            raise refuse(N_("expected [from, to] in months with 0 <= from < to, e.g. [3, 6]"))
        return value

    @model_validator(mode="after")
    def _one(self) -> AudienceIn:
        if len(self.model_fields_set) != 1:
            raise refuse(N_("use everyone, or one of departments:, sites:, people: with a list, "
                            "or started_months_ago: [from, to]"))
        return self


class ScheduleIn(Strict):
    once: str | None = None
    cron: str | None = None

    @field_validator("cron")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                Cron(value)
            except CronError as exc:
                raise refuse(exc.message, **exc.params) from None
        return value

    @field_validator("once")
    @classmethod
    def _once(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                datetime.fromisoformat(value)
            except ValueError:
                raise refuse(N_("use an ISO date and time such as 2026-10-05T09:00")) from None
        return value

    @model_validator(mode="after")
    def _one(self) -> ScheduleIn:
        if len(self.model_fields_set) != 1:
            raise refuse(N_("use once: <date and time> or cron: \"<minute hour day month weekday>\""))
        return self


class AnonymityIn(Strict):
    threshold: Count = DEFAULT_THRESHOLD
    free_text_threshold: Count | None = None

    @field_validator("threshold")
    @classmethod
    def _minimum(cls, value: int) -> int:
        if value < MIN_THRESHOLD:
            raise refuse(N_("refused: below {min} answers anonymity cannot be kept"),
                         min=MIN_THRESHOLD)
        return value


class SurveyIn(Strict):
    """A survey file; every field's type is checked here, the rules between fields below."""

    id: SurveyId
    title: LocalTexts
    intro: LocalTexts | None = None
    owner: Annotated[str, an_id()]
    audience: Annotated[AudienceIn | None, BeforeValidator(_everyone)] = None
    schedule: ScheduleIn
    window_days: Count = 7
    reminder_after_days: Count | None = None
    anonymity: Annotated[AnonymityIn, BeforeValidator(lambda v: {} if v is None else v),
                         Field(default_factory=AnonymityIn)]  # built when first needed
    segment_by: Literal["department", "site", "none"] | None = "department"
    questions: Annotated[list[QuestionIn], Field(min_length=1, max_length=20)]


def _options(doc: YamlDoc, q: QuestionIn, i: int) -> dict[str, list[str]]:
    keys = ("questions", i)
    if q.type == "scale":
        if q.labels is None:
            return {k: list(v) for k, v in SCALE_LABELS.items()}
        for loc in LOCALES:
            found = len(getattr(q.labels, loc))
            if found != 5:
                raise _error(doc, N_("expected {count} labels, found {found}"), *keys, "labels", loc,
                             count=5, found=found)
        return q.labels.model_dump()
    if q.type == "choice":
        if q.options is None:
            raise _error(doc, N_("a choice question needs options"), *keys)
        for loc in LOCALES:
            if len(getattr(q.options, loc)) < 2:
                raise _error(doc, N_("give between 2 and 10 options"), *keys, "options", loc)
        return q.options.model_dump()
    if q.labels is not None or q.options is not None:
        raise _error(doc, N_("a {type} question takes no labels or options"), *keys, type=q.type)
    return {}


def _error(doc: YamlDoc, message: str, *keys: str | int, **params: Any) -> DefinitionError:
    return DefinitionError(doc.path, message, doc.line(*keys), field_name(keys) or None, **params)


def parse_survey(path: Path, text: str | None = None, tz: str = "Europe/Berlin") -> SurveyDef:
    """Read and validate one survey file; raises DefinitionError naming file, line and field."""
    doc = read_yaml(path, text, error=DefinitionError)
    if doc.root is None or not isinstance(doc.data, dict):
        raise DefinitionError(path, N_("expected a survey (id, title, questions, ...)"), 1)
    raw = validate(SurveyIn, doc.data, doc, path, error=DefinitionError)
    questions = []
    for i, q in enumerate(raw.questions):
        if any(q.id == other.id for other in raw.questions[:i]):
            raise _error(doc, N_("question id {id} used twice"), "questions", i, "id", id=repr(q.id))
        optional = q.type == "text" if q.optional is None else q.optional
        questions.append(Question(q.id, q.type, q.text.model_dump(), _options(doc, q, i), optional))
    if all(q.type == "text" for q in questions):
        raise _error(doc, N_("needs at least one question that is not free text"), "questions")
    reminder = raw.reminder_after_days
    if reminder is not None and reminder >= raw.window_days:
        raise _error(doc, N_("the reminder must come before the window closes"),
                     "reminder_after_days")
    threshold = raw.anonymity.threshold
    text_threshold = raw.anonymity.free_text_threshold
    if text_threshold is None:
        text_threshold = max(DEFAULT_TEXT_THRESHOLD, threshold)
    elif text_threshold < threshold:
        raise _error(doc, N_("must not be lower than the threshold"), "anonymity",
                     "free_text_threshold")
    return SurveyDef(
        id=raw.id, title=raw.title.model_dump(), intro=raw.intro.model_dump() if raw.intro else {},
        owner=raw.owner, audience=_audience(raw.audience), schedule=_schedule(raw.schedule, tz),
        window_days=raw.window_days, reminder_after_days=reminder, threshold=threshold,
        text_threshold=text_threshold,
        segment_by=None if raw.segment_by in (None, "none") else raw.segment_by,
        questions=tuple(questions),
    )


def _audience(raw: AudienceIn | None) -> dict[str, list[str]]:
    if raw is None:
        return {}
    key = next(iter(raw.model_fields_set))
    return {key: [str(v) for v in getattr(raw, key)]}


def _schedule(raw: ScheduleIn, tz: str) -> dict[str, str]:
    if raw.cron is not None:
        return {"cron": raw.cron}
    assert raw.once is not None
    when = datetime.fromisoformat(raw.once)
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo(tz))
    return {"once": when.isoformat()}


def field_error(path: Path, message: str, *keys: str | int, **params: Any) -> DefinitionError:
    """A DefinitionError about a field found valid in form only (an owner not in the directory,
    say), with the field's line when the file can be read."""
    try:
        doc = read_yaml(path)
    except FileError:
        return DefinitionError(path, message, None, field_name(keys) or None, **params)
    return _error(doc, message, *keys, **params)
