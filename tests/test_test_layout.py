"""The test layout: tests give the Parse the classifier would return (tests/chat.py) and never use
the trained model, so a training-data change in one feature cannot break another feature's tests
(or the outbox's, Slack's, the scheduler's). Conversations through the real NLU live in
tests/e2e/; the other places that need the real classifier are ``REAL_NLU`` in tests/conftest.py,
each with its reason.

This is the static half of the rule (read from the source, before anything runs); the running
half is ``_classifier_only_where_allowed`` in tests/conftest.py."""

from __future__ import annotations

import ast
from itertools import pairwise
from pathlib import Path

import pytest

from bot.config import Settings
from nlu.types import FALLBACK
from tests.conftest import FEATURES, REAL_NLU, ROOT, feature_test_dir, real_nlu_allowed

TESTS = ROOT / "tests"
MODEL_NAMES = {"EmbeddedModel", "embedded_model", "build_parser", "load_or_train"}


def real_runtime(conftest: Path) -> bool:
    """Whether a directory's conftest.py overrides the ``runtime`` fixture with one that is not
    a FixedParser (tests/e2e/conftest.py: the real NLU)."""
    if not conftest.exists():
        return False
    tree = ast.parse(conftest.read_text(encoding="utf-8"))
    return any(isinstance(n, ast.AsyncFunctionDef | ast.FunctionDef) and n.name == "runtime"
               and "FixedParser" not in ast.unparse(n) for n in ast.walk(tree))


def serves_the_model(call: ast.Call) -> bool:
    """A process started as ``python -m bot serve`` (``"-m", "bot", "serve"`` among the
    arguments) or a ``Serve(..., module="bot")``: its Runtime loads the trained model."""
    args = [a.value if isinstance(a, ast.Constant) else None for a in call.args]
    module = next((k.value for k in call.keywords if k.arg == "module"), None)
    return (any((a, b, c) == ("-m", "bot", "serve")
                for (a, b), c in zip(pairwise(args), args[2:], strict=False))
            or (isinstance(module, ast.Constant) and module.value == "bot"))


def offenders(source: str, name: str, runtime_is_real: bool = False) -> list[str]:
    """Where ``source`` (a test module) reaches the trained classifier: the ``model`` or
    ``nlu_runtime`` fixture, the model's loader, a Runtime that loads it, or a ``runtime``
    fixture that its directory made the real NLU. (``flurfunk say`` in a test is caught when
    it runs: tests/conftest.py makes the model's loader refuse.)"""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ImportFrom) and node.module in ("nlu.embedded", "bot.runtime"):
            found += [f"{where} imports {a.name}" for a in node.names if a.name in MODEL_NAMES]
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            params = {a.arg for a in node.args.args + node.args.kwonlyargs}
            found += [f"{where} {node.name} takes the {p} fixture"
                      for p in ("model", "nlu_runtime") if p in params]
            if "runtime" in params and runtime_is_real:
                found.append(f"{where} {node.name} takes a runtime fixture with the real NLU")
        elif isinstance(node, ast.Call) and serves_the_model(node):
            found.append(f"{where} starts `python -m bot serve` (it loads the trained model; start "
                         "tests.fixed_serve, tests/slack/process.py Serve)")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Runtime":
            kw = {k.arg: k.value for k in node.keywords}
            no_nlu = isinstance(kw.get("nlu"), ast.Constant) and kw["nlu"].value is False
            parser = kw.get("parser")
            if parser is None and not no_nlu:
                found.append(f"{where} Runtime(...) loads the trained model (give parser="
                             "FixedParser() or nlu=False)")
            elif parser is not None and "FixedParser" not in ast.unparse(parser):
                found.append(f"{where} Runtime(parser={ast.unparse(parser)}) is not a FixedParser")
    return found


def modules_outside_real_nlu() -> list[Path]:
    """Every test module (and conftest.py) under tests/ outside ``REAL_NLU``, but the root
    conftest.py that provides the model fixture."""
    return sorted(p for p in TESTS.rglob("*.py")
                  if p != TESTS / "conftest.py" and real_nlu_allowed(p) is None)


def test_tests_never_use_the_trained_classifier_outside_the_allowed_places() -> None:
    paths = modules_outside_real_nlu()
    dirs = {p.relative_to(TESTS).parts[0] for p in paths if p.parent != TESTS}
    assert dirs >= {"bot", "storage", "flows", "ops", "slack", "commitments", "lunch",
                    "onboarding", "privacy", "survey"}
    found: list[str] = []
    for path in paths:
        found += offenders(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)),
                           real_runtime(path.parent / "conftest.py"))
    assert found == [], "\n".join(found)


def test_every_allowed_place_exists_and_says_why() -> None:
    for place, why in REAL_NLU.items():
        assert (TESTS / place).exists(), place
        assert len(why.split()) >= 5, place
    assert real_nlu_allowed(TESTS / "e2e" / "test_lunch_chat.py") is not None
    assert real_nlu_allowed(TESTS / "slack" / "test_stop.py") is None  # serve: tests.fixed_serve
    assert real_nlu_allowed(TESTS / "slack" / "test_delivery.py") is None
    assert real_nlu_allowed(TESTS / "bot" / "test_dispatch.py") is None
    assert real_nlu_allowed(TESTS / "e2e_more" / "x.py") is None  # a prefix is no place
    assert feature_test_dir(TESTS / "lunch" / "test_chat.py") == "lunch" and "lunch" in FEATURES


def test_the_rule_finds_each_way_to_the_classifier() -> None:
    """The check can fail: a module doing each forbidden thing is caught on each line."""
    bad = '''
from nlu.embedded import EmbeddedModel
from bot.runtime import Runtime, embedded_model

async def test_a(runtime): ...
async def test_b(settings, model):
    async with Runtime(settings) as rt: ...
    async with Runtime(settings, parser=model) as rt: ...
async def test_c(nlu_runtime): ...
async def test_d(settings, standin, tmp_path):
    await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "serve")
    Serve(settings, standin, tmp_path, module="bot")
'''
    assert sorted(offenders(bad, "x.py", runtime_is_real=True)) == sorted([
        "x.py:2 imports EmbeddedModel",
        "x.py:3 imports embedded_model",
        "x.py:5 test_a takes a runtime fixture with the real NLU",
        "x.py:6 test_b takes the model fixture",
        "x.py:9 test_c takes the nlu_runtime fixture",
        "x.py:7 Runtime(...) loads the trained model (give parser=FixedParser() or nlu=False)",
        "x.py:8 Runtime(parser=model) is not a FixedParser",
        "x.py:12 starts `python -m bot serve` (it loads the trained model; start tests.fixed_serve, "
        "tests/slack/process.py Serve)",
        "x.py:11 starts `python -m bot serve` (it loads the trained model; start tests.fixed_serve, "
        "tests/slack/process.py Serve)",
    ])
    good = '''
from bot.runtime import Runtime
from tests.chat import FixedParser

async def test_a(runtime, chat): ...
async def test_b(settings):
    async with Runtime(settings, parser=FixedParser()) as rt: ...
    async with Runtime(settings, nlu=False) as rt: ...
    await asyncio.create_subprocess_exec(sys.executable, "-m", "tests.fixed_serve", "serve")
    Serve(settings, standin, tmp_path, module="tests.slack.hanging_serve")
'''
    assert offenders(good, "y.py") == []
    assert offenders(good, "y.py", runtime_is_real=True) == [
        "y.py:5 test_a takes a runtime fixture with the real NLU"]
    assert real_runtime(TESTS / "e2e" / "conftest.py")
    assert not real_runtime(TESTS / "lunch" / "conftest.py")


def test_feature_test_dirs_are_told_apart() -> None:
    assert feature_test_dir(TESTS / "survey" / "test_flow.py") == "survey"
    assert feature_test_dir(TESTS / "e2e" / "test_lunch_chat.py") is None
    assert feature_test_dir(TESTS / "nlu" / "test_quality.py") is None
    assert feature_test_dir(TESTS / "test_i18n.py") is None
    assert feature_test_dir(ROOT / "flows" / "lunch" / "handlers.py") is None


async def test_a_serve_process_in_the_tests_has_the_fixed_parser(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``python -m tests.fixed_serve``: its Runtime's parser takes each text of FIXED_INTENTS for
    its intent (anything else: not understood), and asking for the model ends the start."""
    from bot import runtime
    from tests import fixed_serve

    for name in ("build_parser", "embedded_model"):  # undone after the test
        monkeypatch.setattr(runtime, name, getattr(runtime, name))
    monkeypatch.setenv(fixed_serve.ENV, '{"Hallo": "core_greet"}')
    fixed_serve.install()
    parser = runtime.build_parser(Settings(), [])
    assert (await parser.parse("Hallo")).intent == "core_greet"
    assert (await parser.parse("Hallo!")).intent == FALLBACK
    with pytest.raises(SystemExit, match="fixed parser"):
        runtime.embedded_model(Settings(), [])
