"""Rasa Open Source in its own Python 3.10 venv: set up, build the project from our training
data (one source of truth), train, and run the server on 127.0.0.1 with an auth token."""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import subprocess
import time
from pathlib import Path

import httpx

from bot.config import Settings
from bot.runtime import load_training_data
from flows.types import Feature, UserError
from nlu import training_data

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
    raise RasaSetupError("Rasa 3.6 needs Python 3.10: install it (e.g. pyenv install 3.10.13) or "
                         "set nlu.rasa_python")


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
        raise RasaSetupError(f"pip install rasa=={RASA_VERSION} failed: {result.stderr[-500:]}")
    tmp.rename(venv)  # a venv is complete or absent, never half-installed
    return venv, False


def rasa_command(venv: Path) -> list[str]:
    """``python -m rasa``: console scripts carry the absolute path of the venv they were built in,
    and the venv is built under a temporary name, then renamed."""
    return [str(venv / "bin" / "python"), "-m", "rasa"]


def project_dir(settings: Settings) -> Path:
    return settings.path(settings.var_dir) / "rasa"


def build_project(settings: Settings, features: list[Feature]) -> tuple[Path, str]:
    """Write config.yml and data/nlu.yml from the embedded model's training data; fingerprint."""
    root = project_dir(settings) / "project"
    (root / "data").mkdir(parents=True, exist_ok=True)
    config = settings.path(settings.nlu.rasa_config).read_text(encoding="utf-8")
    nlu = training_data.dump(load_training_data(features))
    (root / "config.yml").write_text(config, encoding="utf-8")
    (root / "data" / "nlu.yml").write_text(nlu, encoding="utf-8")
    digest = hashlib.sha256((RASA_VERSION + config + nlu).encode()).hexdigest()[:16]
    return root, digest


def model_path(settings: Settings, digest: str) -> Path:
    return project_dir(settings) / "models" / f"flurfunk-{digest}.tar.gz"


def train(settings: Settings, features: list[Feature]) -> tuple[Path, bool]:
    """Train the NLU model unless one for exactly this data and config exists."""
    venv, _ = setup(settings)
    root, digest = build_project(settings, features)
    target = model_path(settings, digest)
    if target.exists():
        return target, False
    target.parent.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [*rasa_command(venv), "train", "nlu", "--config", "config.yml", "--nlu", "data/nlu.yml",
         "--out", str(target.parent), "--fixed-model-name", target.name.removesuffix(".tar.gz")],
        cwd=root, env=rasa_env(settings), capture_output=True, text=True,
    )
    if result.returncode != 0 or not target.exists():
        raise RasaSetupError(f"rasa train failed: {result.stderr[-800:] or result.stdout[-800:]}")
    return target, True


def token(settings: Settings) -> str:
    """The API token: configured, or generated once and kept in var/rasa/token (mode 0600)."""
    if settings.nlu.rasa_token:
        return settings.nlu.rasa_token
    path = project_dir(settings) / "token"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(24))
        path.chmod(0o600)
    return path.read_text().strip()


def start_server(settings: Settings, model: Path, port: int) -> subprocess.Popen[bytes]:
    """``rasa run --enable-api`` on 127.0.0.1 only, always with the auth token."""
    venv = venv_dir(settings)
    with (project_dir(settings) / "server.log").open("ab") as log:  # the child keeps its own fd
        return subprocess.Popen(
            [*rasa_command(venv), "run", "--enable-api", "--auth-token", token(settings),
             "-i", "127.0.0.1", "-p", str(port), "-m", str(model)],
            cwd=project_dir(settings) / "project", env=rasa_env(settings), stdout=log, stderr=log,
        )


def wait_ready(url: str, api_token: str, proc: subprocess.Popen[bytes], timeout: float = 120) -> float:
    """Poll ``/status`` until a model is loaded; returns the seconds it took."""
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if proc.poll() is not None:
            raise RasaSetupError(f"the Rasa server exited with code {proc.returncode}; "
                                 "see var/rasa/server.log")
        try:
            r = httpx.get(f"{url}/status", params={"token": api_token}, timeout=1, trust_env=False)
            if r.status_code == 200 and r.json().get("model_file"):
                return time.monotonic() - t0
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RasaSetupError(f"the Rasa server did not become ready within {timeout:.0f} s")
