"""Messenger-neutral types shared by every feature: messages in, replies out, jobs, features."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from pathlib import Path
from types import UnionType
from typing import Any, ClassVar, Protocol, Union, get_args, get_origin, get_type_hints

from flows import outbox
from nlu.types import Parse
from storage.models.core import Person
from storage.uow import UnitOfWork


class UserError(ValueError):
    """Bad input from a person or a file; the message says what and where (file, line, field).

    The CLI prints it without a traceback; nothing is written when it is raised mid-import.
    """


@dataclass(frozen=True)
class Action:
    """A button press or numbered choice: ``id`` is ``feature:verb`` or ``feature:verb:target``
    (the thing it is about: a commitment, a round, a checklist item), parsed once here."""

    id: str
    value: str = ""
    feature: str = field(init=False, compare=False, repr=False)
    verb: str = field(init=False, compare=False, repr=False)  # "feature:verb", the handler's key
    target: str = field(init=False, compare=False, repr=False)  # "" when the id has none

    def __post_init__(self) -> None:
        feature, _, rest = self.id.partition(":")
        verb, _, target = rest.partition(":")
        object.__setattr__(self, "feature", feature)
        object.__setattr__(self, "verb", f"{feature}:{verb}" if verb else feature)
        object.__setattr__(self, "target", target)

    @classmethod
    def parse(cls, action_id: str, value: str = "") -> Action:
        """The action an adapter received as ``action_id`` (and the button's ``value``)."""
        return cls(action_id, value)

    @property
    def number(self) -> int | None:
        """The target as a database id (``commitments:done:5`` -> 5), None when it is none."""
        return int(self.target) if self.target.isdigit() else None


@dataclass(frozen=True)
class Incoming:
    """One message or action from a person, whatever the messenger."""

    user_id: str
    text: str = ""
    action: Action | None = None
    messenger: str = "terminal"
    channel: str | None = None
    thread: str | None = None
    intent: str | None = None  # already known (``/flurfunk lunch``): no classifier, no flow


@dataclass(frozen=True)
class Choice:
    """An option offered with a reply: a button in Slack, a numbered line in the terminal."""

    label: str
    action: Action
    style: str | None = None  # "primary" | "danger" | None
    says: tuple[str, ...] = ()  # typed words that also pick it ("verschieben" for "Neuer Termin")

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"label": self.label, "action": self.action.id,
                             "value": self.action.value,
                             "style": self.style}
        if self.says:
            d["says"] = list(self.says)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Choice:
        return cls(d["label"], Action(d["action"], d.get("value", "")), d.get("style"),
                   tuple(d.get("says", ())))


@dataclass(frozen=True)
class File:
    """An attachment: a file sent with the reply (a survey chart). Slack uploads it after the
    message, the terminal names its path."""

    path: str
    name: str = ""  # the name the reader sees (default: the path's last part)
    mime_type: str = "application/octet-stream"

    @property
    def shown_name(self) -> str:
        return self.name or Path(self.path).name

    def to_dict(self) -> dict[str, Any]:
        return {"kind": "file", "path": self.path, "name": self.name, "mime_type": self.mime_type}


Attachment = File  # the typed attachments adapters render (a union once there are more kinds)


def _attachments(d: dict[str, Any]) -> tuple[Attachment, ...]:
    """The attachments of a stored reply; a file in ``meta`` is a reply queued before they were
    typed (an outbox row written by an older version)."""
    found = [File(a["path"], a.get("name", ""), a.get("mime_type", "application/octet-stream"))
             for a in d.get("attachments", []) if a.get("kind") == "file"]
    meta = d.get("meta") or {}
    if not found and meta.get("file"):
        found.append(File(str(meta["file"]), str(meta.get("file_name") or ""),
                          str(meta.get("mime_type") or "application/octet-stream")))
    return tuple(found)


@dataclass(frozen=True)
class Note:
    """The feature's own record of what a message is about (an onboarding step, a digest's
    counts), stored with the reply for the feature, its admin output and tests; adapters never
    read it. A feature declares each kind as a frozen dataclass in its ``messages.py``:
    ``class Step(Note, kind="onboarding.step")`` with fields of str, int, bool, date, None or
    tuples of them (stored as JSON: ``{"kind": "onboarding.step", "step": "welcome"}``)."""

    kind: ClassVar[str] = ""
    _kinds: ClassVar[dict[str, type[Note]]] = {}

    def __init_subclass__(cls, kind: str = "", **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not kind:
            raise TypeError(f"{cls.__name__}: a Note needs kind=\"<feature>.<what>\"")
        known = Note._kinds.get(kind)
        if known is not None and known.__qualname__ != cls.__qualname__:
            raise TypeError(f"note kind {kind!r} is declared twice ({known.__qualname__})")
        cls.kind = kind
        Note._kinds[kind] = cls

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, **{f.name: _plain(getattr(self, f.name)) for f in fields(self)}}

    @staticmethod
    def from_dict(d: dict[str, Any] | None) -> Note | None:
        """The stored note; None when there is none or its kind is unknown here."""
        cls = Note._kinds.get(str((d or {}).get("kind", "")))
        if cls is None or d is None:
            return None
        hints = get_type_hints(cls)
        return cls(**{f.name: _typed(hints[f.name], d[f.name]) for f in fields(cls)
                      if f.name in d})


def _plain(value: Any) -> Any:
    """A note's field as JSON: tuples as lists, dates as ISO text."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def _typed(hint: Any, value: Any) -> Any:
    """A note's field from JSON, by its annotation (the inverse of ``_plain``)."""
    if value is None:
        return None
    origin, args = get_origin(hint), get_args(hint)
    if origin in (Union, UnionType):
        return _typed(next(a for a in args if a is not type(None)), value)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_typed(args[0], v) for v in value)
        return tuple(_typed(a, v) for a, v in zip(args, value, strict=True))
    return date.fromisoformat(value) if hint is date else value


@dataclass(frozen=True)
class Reply:
    """What a handler answers: text, optional source line, links, choices and attachments, all
    messenger-neutral and rendered by the adapters."""

    text: str
    choices: Sequence[Choice] = ()
    source: str | None = None
    links: Sequence[str] = ()
    kind: str = "text"  # "text" | "faq" | "fallback" | "error"
    attachments: Sequence[Attachment] = ()
    # The feature's own record of what the message is about (a Note the feature declares):
    # stored with it for the feature, its admin output and tests; adapters never read it.
    note: Note | None = None
    # False: the choices are not remembered in the conversation state for a typed number (the
    # feature's flow reads numbers itself, and the offer would reveal progress, e.g. in a survey)
    keep_choices: bool = True
    # The reply's own language when it is not the reader's (an English FAQ answer to a person
    # whose locale is German): adapters then render their words ("Source") in it too.
    locale: str | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "text": self.text,
            "choices": [c.to_dict() for c in self.choices],
            "source": self.source,
            "links": list(self.links),
            "kind": self.kind,
        }
        if self.note is not None:
            d["note"] = self.note.to_dict()
        if self.attachments:
            d["attachments"] = [a.to_dict() for a in self.attachments]
        return {**d, "locale": self.locale} if self.locale else d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Reply:
        return cls(
            text=d["text"],
            choices=tuple(Choice.from_dict(c) for c in d.get("choices", [])),
            source=d.get("source"),
            links=tuple(d.get("links", [])),
            kind=d.get("kind", "text"),
            attachments=_attachments(d),
            note=Note.from_dict(d.get("note")),
            locale=d.get("locale"),
        )


@dataclass(frozen=True)
class Field:
    """One question of a form. ``kind``: "date" (a date picker, today first), "text" or "choice"
    (one of ``options``: value and N_()-marked label)."""

    name: str
    label: str  # N_()-marked msgid
    kind: str = "text"
    optional: bool = False
    multiline: bool = False
    max_length: int = 500
    options: Sequence[tuple[str, str]] = ()


@dataclass(frozen=True)
class Form:
    """A form where one beats chat, declared in ``Feature.forms`` under the action that opens
    it, messenger-neutral. Slack shows it as a modal when that button is pressed; the answers
    come back as one action: ``submit`` plus the opening action's target
    (``commitments:newdate:7`` -> ``commitments:setdate:7``), its value the fields' answers
    joined by "|" in field order. Where a messenger has no forms (terminal, Matrix) the pressed
    action goes to its handler, which asks the same fields one after another in chat."""

    title: str  # N_()-marked msgid
    fields: Sequence[Field]
    submit: str  # the action id the answers go to


@dataclass(frozen=True)
class Outgoing:
    """A proactive message for the outbox: to one person, or a group when several recipients."""

    dedupe_key: str
    recipients: Sequence[str]
    reply: Reply
    not_before: datetime | None = None


class Translator(Protocol):
    """Babel-backed translations and formatting for one locale (implemented in bot.i18n)."""

    locale: str

    def gettext(self, message: str) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int) -> str: ...

    def format_date(self, value: date, format: str = "full") -> str: ...

    def format_datetime(self, value: datetime, format: str = "medium") -> str: ...

    def format_weekday(self, weekday: int) -> str: ...

    def format_decimal(self, value: float, digits: int = 2) -> str: ...

    def format_percent(self, share: float) -> str: ...


class Translations(Protocol):
    def for_locale(self, locale: str | None) -> Translator: ...


@dataclass
class FlowContext:
    """Everything a handler may use for one incoming message."""

    uow: UnitOfWork
    user: Person
    t: Translator
    now: datetime
    translations: Translations
    config: Any = None  # the feature's own config section
    resources: Any = None  # the feature's loaded content (Feature.resources)
    state: dict[str, Any] = field(default_factory=dict)  # data of the active conversation flow
    next_flow: str | None = None
    next_data: dict[str, Any] = field(default_factory=dict)

    def expect(self, flow: str, data: dict[str, Any] | None = None) -> None:
        """Route this person's next message to ``flow`` (a key of some Feature.flows)."""
        self.next_flow, self.next_data = flow, dict(data or {})

    async def send(self, out: Outgoing, now: datetime | None = None) -> bool:
        """Queue a proactive message (to someone else) in the same transaction as the reply."""
        return await outbox.send(self.uow, out, now or self.now)


@dataclass
class JobContext:
    """Everything a scheduled job may use: a unit of work, translations, the feature config."""

    uow: UnitOfWork
    translations: Translations
    config: Any = None
    resources: Any = None  # the feature's loaded content (Feature.resources)
    # run by the job runner once the job's transaction is committed (e.g. destroying a key
    # that must outlive the transaction); a failure there is logged, the job stays done
    after_commit: list[Callable[[], Awaitable[None]]] = field(default_factory=list)

    async def send(self, out: Outgoing, now: datetime) -> bool:
        """Queue a proactive message in the outbox (same transaction as the job's changes)."""
        return await outbox.send(self.uow, out, now)


IntentHandler = Callable[[FlowContext, Incoming, Parse], Awaitable[list[Reply]]]
ActionHandler = Callable[[FlowContext, Incoming, Action], Awaitable[list[Reply]]]
FlowHandler = Callable[[FlowContext, Incoming, Parse], Awaitable[list[Reply] | None]]
JobFunc = Callable[[JobContext, datetime], Awaitable[int]]
HomeFunc = Callable[[FlowContext], Awaitable[list[Reply]]]  # a person's overview section


@dataclass(frozen=True)
class JobSpec:
    """A scheduled job: id ``feature.job``, default cron (Europe/Berlin), function taking now."""

    id: str
    cron: str
    func: JobFunc
    catch_up: bool = True  # run the latest missed slot after downtime


ShowData = Callable[[UnitOfWork, Person, "Translator"], Awaitable[list[str]]]
EraseData = Callable[[UnitOfWork, str, datetime], Awaitable[int]]
PurgeData = Callable[[UnitOfWork, datetime], Awaitable[int]]


@dataclass(frozen=True)
class PersonalData:
    """A kind of personal data a feature keeps. One declaration serves "Meine Daten" (show),
    "Meine Daten löschen" (erase), the retention job (purge what is older than the cut-off) and
    the record of processing activities. Texts are N_()-marked msgids."""

    name: str  # "<feature>.<what>", also the key in [features.privacy.retention]
    purpose: str
    categories: str
    recipients: str
    retention_days: int | None  # None: kept while the person takes part, erased on request
    show: ShowData | None = None
    erase: EraseData | None = None
    purge: PurgeData | None = None


@dataclass(frozen=True)
class HomeSection:
    """A feature's section of a person's overview (Slack's App Home tab, Matrix's "Übersicht"):
    the title and the text shown when ``show`` has nothing, both N_()-marked msgids."""

    title: str
    show: HomeFunc
    empty: str = ""


@dataclass(frozen=True)
class Feature:
    """A feature's table: handlers by intent, action and flow; jobs; training data; the words of
    ``/flurfunk <word>``; its Home section, forms, personal data, config and loaded content."""

    name: str
    intents: dict[str, IntentHandler] = field(default_factory=dict)
    actions: dict[str, ActionHandler] = field(default_factory=dict)
    flows: dict[str, FlowHandler] = field(default_factory=dict)
    jobs: Sequence[JobSpec] = ()
    training_data: Sequence[Path] = ()
    help: str | None = None  # one line for "Hilfe", marked with N_() and translated when shown
    config_type: type | None = None  # a dataclass, from [features.<name>] (flows/settings.py)
    personal_data: Sequence[PersonalData] = ()
    home: HomeSection | None = None
    # ``/flurfunk <word>`` (German and English words) -> the intent it stands for
    subcommands: dict[str, str] = field(default_factory=dict)
    resources: Any = None  # content loaded at start (knowledge base, journeys): ctx.resources
    forms: dict[str, Form] = field(default_factory=dict)  # opening action id -> its form
    # started (and not awaited) when a runtime that answers messages starts, e.g. building a
    # model in a worker thread; given the feature's config (config_type, or None); commands
    # without NLU (tick, admin commands) never call it
    warm_up: Callable[[Any], None] | None = None
    # waits (at most the given seconds) until what warm_up started is done: ``serve`` starts
    # sending only then, so a CPU-heavy build never stalls the paced posts of the outbox
    ready: Callable[[float], Awaitable[object]] | None = None
    # asked (text, locale) when the classifier gives a free-text message to another feature's
    # intent with low confidence; True: the message goes to the nlu_fallback handler instead
    # (the FAQ: its retriever has a clear answer). Must be quick and must not wait.
    reconsider: Callable[[str, str], bool] | None = None
    # intents that change something for the person -> the question asked (N_-marked) before
    # one runs on a message the classifier is unsure of, or on a question (bot/confirm.py)
    confirm: dict[str, str] = field(default_factory=dict)
    # of those, intents that run straight away only on a message this says is meant (True): for
    # "tick off", one that says the item is done ("Dienstausweis abgeholt", not "Ausweis
    # verloren"); the others are asked about as an unsure message is
    confirm_unless: dict[str, Callable[[str], bool]] = field(default_factory=dict)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where the locale is known."""
    return message
