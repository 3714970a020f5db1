"""Rasa Open Source in its own Python 3.10 venv: set up, build the project from our training
data (one source of truth), train, and run the server on 127.0.0.1 with an auth token.
Both run through ``bot/rasa_launcher.py`` as process groups of their own (``bot.rasa_process``)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

from bot import rasa_process, rasa_token
from bot.config import Settings
from bot.i18n import Translations, Translator
from bot.rasa_process import Child
from bot.runtime import load_training_data
from flows.types import Feature, UserError
from nlu import training_data

if TYPE_CHECKING:
    import httpx

RASA_VERSION = "3.6.21"


class RasaSetupError(UserError):
    """Rasa cannot be set up or started; the message says what to do."""


def find_python(settings: Settings) -> Path:
    """The Python 3.10 to build the venv with: configured, pyenv's 3.10.13, or python3.10."""
    if settings.nlu.rasa_python:
        return Path(settings.nlu.rasa_python)
    pyenv = shutil.which("pyenv")
    if pyenv:
        out = subprocess.run([pyenv, "prefix", "3.10.13"], capture_output=True, text=True)
        candidate = Path(out.stdout.strip()) / "bin" / "python3.10"
        if out.returncode == 0 and candidate.exists():
            return candidate
    found = shutil.which("python3.10")
    if found:
        return Path(found)
    raise RasaSetupError(translator(settings).gettext(
        "Rasa 3.6 needs Python 3.10: install it (e.g. pyenv install 3.10.13) or set nlu.rasa_python"))


def venv_dir(settings: Settings) -> Path:
    if settings.nlu.rasa_venv:
        return settings.path(settings.nlu.rasa_venv)
    return Path.home() / ".cache" / "flurfunk" / f"rasa-{RASA_VERSION}"


def rasa_env(settings: Settings) -> dict[str, str]:
    """Telemetry off; Rasa's HOME and caches under var/rasa, not the user's home."""
    home = settings.path(settings.var_dir) / "rasa" / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env |= {"RASA_TELEMETRY_ENABLED": "false", "HOME": str(home), "TF_CPP_MIN_LOG_LEVEL": "3",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}
    return env


def installed_version(venv: Path) -> str | None:
    python = venv / "bin" / "python"
    if not python.exists():
        return None
    out = subprocess.run([str(python), "-c", "import importlib.metadata as m; print(m.version('rasa'))"],
                         capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else None


def setup(settings: Settings) -> tuple[Path, bool]:
    """Create the venv and install the pinned Rasa; returns (venv, reused). Idempotent."""
    venv = venv_dir(settings)
    if installed_version(venv) == RASA_VERSION:
        return venv, True
    python = find_python(settings)
    if venv.exists():
        shutil.rmtree(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    tmp = venv.with_name(venv.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    subprocess.run([str(python), "-m", "venv", str(tmp)], check=True)
    pip = [str(tmp / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    result = subprocess.run([*pip, f"rasa=={RASA_VERSION}"], capture_output=True, text=True)
    if result.returncode != 0:
        raise RasaSetupError(translator(settings).gettext("pip install rasa=={version} failed: {error}")
                             .format(version=RASA_VERSION, error=result.stderr[-500:]))
    tmp.rename(venv)  # a venv is complete or absent, never half-installed
    return venv, False


def rasa_python(venv: Path) -> Path:
    """The venv's interpreter: console scripts carry the absolute path of the venv they were built
    in, and the venv is built under a temporary name, then renamed."""
    return venv / "bin" / "python"


def launcher(settings: Settings, *args: str) -> list[str]:
    """``python bot/rasa_launcher.py --parent <us> ...`` in Rasa's venv (see that module)."""
    return [str(rasa_python(venv_dir(settings))), str(rasa_process.launcher_script()),
            "--parent", str(os.getpid()), *args]


def translator(settings: Settings) -> Translator:
    """German first: the operator's messages in the default locale."""
    return Translations(default=settings.default_locale, tz=settings.timezone).for_locale(None)


def project_dir(settings: Settings) -> Path:
    return settings.path(settings.var_dir) / "rasa"


def components() -> str:
    """The source of flurfunk's own Rasa components (nlu/rasa_components): a change retrains."""
    root = Path(rasa_process.launcher_script()).parent.parent / "nlu" / "rasa_components"
    return "".join(p.read_text(encoding="utf-8") for p in sorted(root.glob("*.py")))


def build_project(settings: Settings, features: list[Feature],
                  data: training_data.TrainingData | None = None) -> tuple[Path, str]:
    """Write config.yml and data/nlu.yml from the embedded model's training data (or ``data``);
    fingerprint."""
    root = project_dir(settings) / "project"
    (root / "data").mkdir(parents=True, exist_ok=True)
    config = settings.path(settings.nlu.rasa_config).read_text(encoding="utf-8")
    nlu = training_data.dump(load_training_data(features) if data is None else data)
    (root / "config.yml").write_text(config, encoding="utf-8")
    (root / "data" / "nlu.yml").write_text(nlu, encoding="utf-8")
    digest = hashlib.sha256((RASA_VERSION + config + nlu + components()).encode()).hexdigest()[:16]
    return root, digest


def model_path(settings: Settings, digest: str) -> Path:
    return project_dir(settings) / "models" / f"flurfunk-{digest}.tar.gz"


def train_step(settings: Settings, features: list[Feature],
               data: training_data.TrainingData | None = None) -> tuple[Child | None, Path]:
    """The training run still needed for exactly this data and config (None: the model exists)."""
    root, digest = build_project(settings, features, data)
    target = model_path(settings, digest)
    if target.exists():
        return None, target
    target.parent.mkdir(parents=True, exist_ok=True)
    argv = launcher(settings, "train", "train", "nlu", "--config", "config.yml", "--nlu",
                    "data/nlu.yml", "--out", str(target.parent),
                    "--fixed-model-name", target.name.removesuffix(".tar.gz"))
    return Child(argv, root, project_dir(settings) / "train.log", rasa_env(settings)), target


def how_it_ended(t: Translator, code: int) -> str:
    """``Exit-Code 1`` or ``Signal SIGKILL`` (Popen reports a signal as a negative code)."""
    if code < 0:
        return t.gettext("signal {name}").format(name=rasa_process.exit_text(code).split()[-1])
    return t.gettext("exit code {code}").format(code=code)


def with_log(t: Translator, text: str, log: Path) -> RasaSetupError:
    """An error whose message ends with the last lines of the child's log, when it has any."""
    last = rasa_process.tail(log)
    if last:
        text += "\n" + t.gettext("The last lines of {log}:").format(log=log) + "\n" + last
    return RasaSetupError(text)


def train_failed(t: Translator, step: Child, code: int) -> RasaSetupError:
    text = t.gettext("Training the Rasa model failed ({how}). Its log: {log}")
    return with_log(t, text.format(how=how_it_ended(t, code), log=step.log), step.log)


def train(settings: Settings, features: list[Feature],
          data: training_data.TrainingData | None = None) -> tuple[Path, bool]:
    """Train the NLU model (on the features' training data, or ``data``) unless one for exactly
    this data and config exists."""
    setup(settings)
    step, target = train_step(settings, features, data)
    if step is None:
        return target, False
    code = rasa_process.run(step)
    if code != 0 or not target.exists():
        raise train_failed(translator(settings), step, code)
    return target, True


def token(settings: Settings) -> str:
    """The API token: ``nlu.rasa_token``, or generated once into var/rasa/token (mode 0600)."""
    resolved = rasa_token.resolve(settings)
    assert resolved is not None  # create=True always gives one
    return resolved.value


def server_log(settings: Settings) -> Path:
    return project_dir(settings) / "server.log"


def server_step(settings: Settings, model: Path, port: int, api_token: str) -> Child:
    """Rasa's HTTP server on 127.0.0.1 only, the API on, the token on stdin."""
    argv = launcher(settings, "serve", "--model", str(model), "--interface", "127.0.0.1",
                    "--port", str(port))
    return Child(argv, project_dir(settings) / "project", server_log(settings), rasa_env(settings),
                 stdin=api_token)


def start_server(settings: Settings, model: Path, port: int) -> subprocess.Popen[bytes]:
    """Start the server (its own process group; stop it with ``rasa_process.stop_group``)."""
    return rasa_process.spawn(server_step(settings, model, port, token(settings)))


def not_ready(t: Translator, log: Path, code: int | None, timeout: float = 0) -> RasaSetupError:
    """Why the server never became ready: it exited (``code``) or took longer than ``timeout``."""
    if code is None:
        text = t.gettext("The Rasa server was not ready within {seconds} s. Its log: {log}")
        return with_log(t, text.format(seconds=f"{timeout:.0f}", log=log), log)
    text = t.gettext("The Rasa server exited before it was ready ({how}). Its log: {log}")
    return with_log(t, text.format(how=how_it_ended(t, code), log=log), log)


def is_ready(response: httpx.Response) -> bool:
    """``/status`` answers 200 with the loaded model's file (409 while it loads)."""
    return response.status_code == 200 and bool(response.json().get("model_file"))


def wait_ready(settings: Settings, url: str, api_token: str, proc: subprocess.Popen[bytes],
               timeout: float = 300) -> float:
    """Poll ``/status`` until a model is loaded; returns the seconds it took."""
    import httpx  # here: every command imports this module, few of them talk to Rasa

    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            raise not_ready(translator(settings), server_log(settings), proc.returncode)
        try:
            if is_ready(httpx.get(f"{url}/status", params={"token": api_token}, timeout=1,
                                  trust_env=False)):
                return time.monotonic() - t0
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise not_ready(translator(settings), server_log(settings), None, timeout)
