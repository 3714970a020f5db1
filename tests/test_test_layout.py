"""The test layout: feature tests (tests/<feature>/ for every flows/<feature>/) give the Parse the
classifier would return (tests/chat.py) and never use the trained model, so a training-data
change in one feature cannot break another feature's tests. Conversations through the real NLU
live in tests/e2e/.

This is the static half of the rule (read from the source, before anything runs); the running
half is ``_feature_tests_use_fixed_parses`` in tests/conftest.py."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import FEATURES, ROOT, feature_test_dir

TESTS = ROOT / "tests"
MODEL_NAMES = {"EmbeddedModel", "embedded_model", "build_parser", "load_or_train"}


def _defines_runtime(conftest: Path) -> bool:
    """Whether a directory's conftest.py overrides the ``runtime`` fixture (with a FixedParser)."""
    if not conftest.exists():
        return False
    tree = ast.parse(conftest.read_text(encoding="utf-8"))
    return any(isinstance(n, ast.AsyncFunctionDef | ast.FunctionDef) and n.name == "runtime"
               and "FixedParser" in ast.unparse(n) for n in ast.walk(tree))


def offenders(source: str, name: str, runtime_overridden: bool) -> list[str]:
    """Where ``source`` (a feature test module) reaches the trained classifier: the ``model``
    fixture, the model's loader, a Runtime that loads it, or the shared ``runtime`` fixture
    (real NLU) when the directory does not override it. (``flurfunk say`` in a test is caught
    when it runs: tests/conftest.py makes the model's loader refuse.)"""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ImportFrom) and node.module in ("nlu.embedded", "bot.runtime"):
            found += [f"{where} imports {a.name}" for a in node.names if a.name in MODEL_NAMES]
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            params = {a.arg for a in node.args.args + node.args.kwonlyargs}
            if "model" in params:
                found.append(f"{where} {node.name} takes the model fixture")
            if "runtime" in params and not runtime_overridden:
                found.append(f"{where} {node.name} takes the runtime fixture of tests/conftest.py "
                             "(the real NLU)")
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


def test_feature_tests_never_use_the_trained_classifier() -> None:
    dirs = sorted(d for d in TESTS.iterdir() if d.is_dir() and d.name in FEATURES)
    assert {d.name for d in dirs} >= {"commitments", "lunch", "onboarding", "privacy", "survey"}
    found: list[str] = []
    for d in dirs:
        overridden = _defines_runtime(d / "conftest.py")
        for path in sorted(d.rglob("*.py")):
            if path.name != "conftest.py":
                found += offenders(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)),
                                   overridden)
    assert found == [], "\n".join(found)


def test_the_rule_finds_each_way_to_the_classifier() -> None:
    """The check can fail: a module doing each forbidden thing is caught on each line."""
    bad = '''
from nlu.embedded import EmbeddedModel
from bot.runtime import Runtime, embedded_model

async def test_a(runtime): ...
async def test_b(settings, model):
    async with Runtime(settings) as rt: ...
    async with Runtime(settings, parser=model) as rt: ...
'''
    assert offenders(bad, "x.py", runtime_overridden=False) == [
        "x.py:2 imports EmbeddedModel",
        "x.py:3 imports embedded_model",
        "x.py:5 test_a takes the runtime fixture of tests/conftest.py (the real NLU)",
        "x.py:6 test_b takes the model fixture",
        "x.py:7 Runtime(...) loads the trained model (give parser=FixedParser() or nlu=False)",
        "x.py:8 Runtime(parser=model) is not a FixedParser",
    ]
    good = '''
from bot.runtime import Runtime
from tests.chat import FixedParser

async def test_a(runtime, chat): ...
async def test_b(settings):
    async with Runtime(settings, parser=FixedParser()) as rt: ...
    async with Runtime(settings, nlu=False) as rt: ...
'''
    assert offenders(good, "y.py", runtime_overridden=True) == []
    assert offenders(good, "y.py", runtime_overridden=False) == [
        "y.py:5 test_a takes the runtime fixture of tests/conftest.py (the real NLU)"]


def test_feature_test_dirs_are_told_apart() -> None:
    assert feature_test_dir(TESTS / "survey" / "test_flow.py") == "survey"
    assert feature_test_dir(TESTS / "e2e" / "test_lunch_chat.py") is None
    assert feature_test_dir(TESTS / "nlu" / "test_quality.py") is None
    assert feature_test_dir(TESTS / "test_i18n.py") is None
    assert feature_test_dir(ROOT / "flows" / "lunch" / "handlers.py") is None
