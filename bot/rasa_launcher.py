"""Runs Rasa (train or serve) for flurfunk, started by the Rasa venv's Python 3.10.

``serve`` starts Rasa's HTTP server through its Python API with the auth token read from stdin,
never from the command line: ``ps`` shows every process's arguments to every local user, and a
token starting with ``-`` would be taken for an option. Both modes ask Linux to send SIGTERM when
the flurfunk process that started them dies, even by SIGKILL, so no Rasa outlives it.
This file imports nothing from flurfunk and must stay valid Python 3.10.
"""

import argparse
import os
import sys

# ``python .../bot/rasa_launcher.py`` puts bot/ first on sys.path, where our config.py, logs.py, ...
# would shadow top-level modules of the same name that Rasa's dependencies import.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    del sys.path[0]
# flurfunk's own Rasa components (nlu/rasa_components/flurfunk_rasa.py), named in nlu/config.yml
# by their top-level module: training builds the graph from them, serving loads them again.
COMPONENTS = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "nlu",
                          "rasa_components")

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """SIGTERM to this process when ``parent`` dies (Linux); exit now if it already has."""
    import signal

    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
            print(f"rasa_launcher: prctl failed (errno {ctypes.get_errno()})", file=sys.stderr)
    if parent and os.getppid() != parent:  # the parent died before prctl took effect
        raise SystemExit(1)


def read_token() -> str:
    """The token from stdin; stdin is closed afterwards (Rasa does not read it)."""
    token = sys.stdin.readline().strip()
    sys.stdin.close()
    if not token:
        print("rasa_launcher: no auth token on stdin", file=sys.stderr)
        raise SystemExit(2)
    return token


def serve(model: str, interface: str, port: int, token: str) -> None:
    """What ``rasa run --enable-api`` does (rasa/__main__.py ``main``, rasa/cli/run.py ``run``,
    Rasa 3.6.21), minus argument parsing, telemetry (off for flurfunk) and Rasa Pro's plugins."""
    import logging

    import rasa.api
    import rasa.utils.io
    import rasa.utils.tensorflow.environment as tf_env
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.INFO, None, warn_only_once=True,
                                   filter_repeated_logs=True)
    tf_env.setup_tf_environment()
    tf_env.check_deterministic_ops()
    rasa.utils.io.configure_colored_logging(logging.INFO)
    configure_structlog(logging.INFO)
    rasa.api.run(model=model, endpoints=None, connector="rest", credentials=None,
                 enable_api=True, auth_token=token, interface=interface, port=port)


def train(rasa_args: "list[str]") -> None:
    """``python -m rasa train ...`` with these arguments, in this process."""
    import runpy

    sys.argv = ["rasa", *rasa_args]
    runpy.run_module("rasa", run_name="__main__", alter_sys=True)


def main(argv: "list[str] | None" = None) -> None:
    parser = argparse.ArgumentParser(prog="rasa_launcher")
    parser.add_argument("--parent", type=int, default=0, help="pid of the flurfunk process")
    sub = parser.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("serve")
    s.add_argument("--model", required=True)
    s.add_argument("--interface", default="127.0.0.1")
    s.add_argument("--port", type=int, required=True)
    t = sub.add_parser("train")
    t.add_argument("rasa_args", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    die_with_parent(args.parent)
    sys.path.insert(0, COMPONENTS)
    if args.mode == "serve":
        serve(args.model, args.interface, args.port, read_token())
    else:
        train(args.rasa_args)  # e.g. ["train", "nlu", "--config", ...]


if __name__ == "__main__":
    main()
