"""flurfunk's own Rasa components (nlu/rasa_components): nlu/config.yml names one the launcher can
find, a change of their source retrains, and inside Rasa's venv the classifier weighs every
example alike unless told otherwise (Rasa 3.6's own hard-codes class_weight "balanced")."""

from __future__ import annotations

import ast
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml

from bot import rasa_launcher, rasa_manager
from bot.config import Settings
from flows import all_features

ROOT = Path(__file__).resolve().parents[2]


def _custom_components() -> list[str]:
    config = yaml.safe_load((ROOT / "nlu" / "config.yml").read_text(encoding="utf-8"))
    return [c["name"] for c in config["pipeline"] if "." in c["name"]]


def test_the_shipped_pipeline_names_a_component_on_the_launchers_path() -> None:
    names = _custom_components()
    assert names == ["flurfunk_rasa.WeightedLogisticRegressionClassifier"]
    module, cls = names[0].split(".")
    source = Path(rasa_launcher.COMPONENTS) / f"{module}.py"
    assert source.resolve() == ROOT / "nlu" / "rasa_components" / "flurfunk_rasa.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    assert cls in {n.name for n in tree.body if isinstance(n, ast.ClassDef)}


def test_a_change_of_the_components_retrains(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(var_dir=str(tmp_path), content_dir=str(ROOT / "content"))
    features = all_features(ROOT / "content")
    _, before = rasa_manager.build_project(settings, features)
    monkeypatch.setattr(rasa_manager, "components", lambda: "class Changed: ...")
    _, after = rasa_manager.build_project(settings, features)
    assert before != after


CHECK = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[1])
    from flurfunk_rasa import WeightedLogisticRegressionClassifier as C, scaled
    from rasa.shared.exceptions import InvalidConfigException
    make = lambda **config: C({**C.get_default_config(), **config}, "c", None, None)
    print(make().clf.class_weight, make().clf.C, make(class_weight="balanced").clf.class_weight,
          make(class_weight={"out_of_scope": 2.0}, C=3.0).clf.get_params()["class_weight"])
    print(scaled([[3.0, 0.0, 4.0], [0.0, 0.0, 0.0]], False, "l2").toarray().round(3).tolist(),
          scaled([[0.0, 1.0, 3.0]], True, None).toarray().round(3).tolist())
    for bad in ({"class_weight": "even"}, {"class_weight": {"x": -1}}, {"C": 0},
                {"sublinear_tf": "yes"}, {"norm": "l1"}):
        try:
            make(**bad)
        except InvalidConfigException:
            print("refused")
""")


@pytest.mark.slow
def test_the_classifier_in_rasas_venv(tmp_path: Path) -> None:
    settings = Settings(var_dir=str(tmp_path), content_dir=str(ROOT / "content"))
    venv, _ = rasa_manager.setup(settings)
    out = subprocess.run([str(rasa_manager.rasa_python(venv)), "-c", CHECK, rasa_launcher.COMPONENTS],
                         capture_output=True, text=True, env=rasa_manager.rasa_env(settings),
                         timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split("\n")[:7] == ["None 1.0 balanced {'out_of_scope': 2.0}",
                                          "[[0.6, 0.0, 0.8], [0.0, 0.0, 0.0]] [[0.0, 0.693, 1.386]]",
                                          "refused", "refused", "refused", "refused", "refused"]
