"""Every feature has the same shape (docs/contributing.md): the same files, a table-only
``__init__.py``, plain handler and job functions in their modules, personal data in data.py; and
the adapters know no feature."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flows import all_features
from flows.types import Feature

ROOT = Path(__file__).resolve().parents[2]
FLOWS = ROOT / "flows"
ADAPTERS = ROOT / "bot" / "adapters"
FILES = {"__init__.py", "handlers.py", "jobs.py", "data.py", "config.py", "messages.py", "nlu.yml"}
FOLDERS = sorted(p.parent.name for p in FLOWS.glob("*/__init__.py"))


def missing_files(folder: Path) -> set[str]:
    return FILES - {p.name for p in folder.iterdir()}


def not_a_table(source: str) -> list[str]:
    """What in a feature's ``__init__.py`` is more than its table: anything at module level but
    the docstring, imports, ``HERE`` and ``make_feature``; a nested function or class; a
    ``make_feature`` that does not end in ``return Feature(...)``."""
    found = []
    tree = ast.parse(source)
    for i, node in enumerate(tree.body):
        if isinstance(node, ast.Import | ast.ImportFrom):
            continue
        if i == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        if isinstance(node, ast.Assign) and [ast.unparse(t) for t in node.targets] == ["HERE"]:
            continue
        if isinstance(node, ast.FunctionDef) and node.name == "make_feature":
            last = node.body[-1]
            if not (isinstance(last, ast.Return) and isinstance(last.value, ast.Call)
                    and ast.unparse(last.value.func) == "Feature"):
                found.append(f"line {last.lineno}: make_feature must end in return Feature(...)")
            found += [f"line {n.lineno}: {type(n).__name__} {getattr(n, 'name', '')} inside "
                      "make_feature" for n in ast.walk(node) if n is not node and isinstance(
                          n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda)]
            continue
        found.append(f"line {node.lineno}: {type(node).__name__} at module level")
    return found


def misplaced(feature: Feature) -> list[str]:
    """Handlers that are not plain functions of the feature's handlers.py (closures, other
    modules), jobs not in jobs.py's JOBS, personal data not data.py's PERSONAL_DATA."""
    package = f"flows.{feature.name}"
    found = []
    handlers: list[Callable[..., Any]] = [*feature.intents.values(), *feature.actions.values(),
                                          *feature.flows.values()]
    if feature.home is not None:
        handlers.append(feature.home.show)
    for h in handlers:
        if h.__module__ != f"{package}.handlers" or h.__qualname__ != h.__name__:
            found.append(f"handler {h.__module__}.{h.__qualname__}")
    jobs = __import__(f"{package}.jobs", fromlist=["JOBS"])
    if tuple(feature.jobs) != jobs.JOBS:
        found.append("jobs are not jobs.JOBS")
    for spec in feature.jobs:
        if spec.func.__module__ != f"{package}.jobs" or spec.func.__qualname__ != spec.func.__name__:
            found.append(f"job {spec.func.__module__}.{spec.func.__qualname__}")
    data = __import__(f"{package}.data", fromlist=["PERSONAL_DATA"])
    if tuple(feature.personal_data) != data.PERSONAL_DATA:
        found.append("personal data is not data.PERSONAL_DATA")
    return found


def feature_imports(source: str, features: list[str]) -> list[str]:
    """The ``flows.<feature>`` modules ``source`` imports (what an adapter must not)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                 else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
        if isinstance(node, ast.ImportFrom) and node.module == "flows":
            names = [f"flows.{a.name}" for a in node.names]
        found += [n for n in names if n.split(".")[:2][-1] in features and n.startswith("flows.")]
    return found


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_feature_folder_has_the_same_files(folder: str) -> None:
    assert missing_files(FLOWS / folder) == set()


@pytest.mark.parametrize("folder", FOLDERS)
def test_init_holds_only_the_table(folder: str) -> None:
    assert not_a_table((FLOWS / folder / "__init__.py").read_text(encoding="utf-8")) == []


def test_handlers_jobs_and_data_live_in_their_modules() -> None:
    features = all_features(ROOT / "content")
    assert sorted(f.name for f in features) == FOLDERS  # one folder per feature, and back
    assert {f.name: misplaced(f) for f in features} == {f.name: [] for f in features}


def test_adapters_import_no_feature() -> None:
    found = {str(p.relative_to(ROOT)): hits for p in sorted(ADAPTERS.rglob("*.py"))
             if (hits := feature_imports(p.read_text(encoding="utf-8"), FOLDERS))}
    assert found == {}


def test_the_shape_rules_catch_what_they_are_for(tmp_path: Path) -> None:
    """A weakened feature is caught: a missing file, a helper in __init__.py, a closure handler,
    an adapter importing a feature."""
    (tmp_path / "__init__.py").write_text("")
    (tmp_path / "handlers.py").write_text("")
    assert missing_files(tmp_path) == FILES - {"__init__.py", "handlers.py"}

    helper = ("'''doc'''\nfrom flows.types import Feature\nHERE = 1\n"
              "async def home(ctx): ...\n"
              "def make_feature(d):\n    async def drip(ctx, now): ...\n"
              "    return Feature('x', jobs=(drip,))\n")
    assert not_a_table(helper) == ["line 4: AsyncFunctionDef at module level",
                                   "line 6: AsyncFunctionDef drip inside make_feature"]
    assert not_a_table("def make_feature(d):\n    return Feature('x', home=lambda c: [])\n") == [
        "line 2: Lambda  inside make_feature"]
    assert not_a_table("def make_feature(d):\n    return make(d)\n") == [
        "line 2: make_feature must end in return Feature(...)"]

    def make_handlers() -> Callable[..., Any]:
        async def show(*_: object) -> list[object]:
            return []
        return show

    closure = Feature("faq", intents={"faq_x": make_handlers()})
    assert misplaced(closure)[0].startswith("handler tests.flows.test_feature_shape.")

    adapter = ("from flows.types import Reply\nfrom flows.commitments.messages import NEW_DATE\n"
               "from flows import lunch\nimport flows.survey.render\n")
    assert feature_imports(adapter, FOLDERS) == ["flows.commitments.messages", "flows.lunch",
                                                 "flows.survey.render"]
