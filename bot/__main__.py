"""Entry point for ``python -m bot`` and the ``flurfunk`` console script."""

from __future__ import annotations

import gc
import sys


def main() -> None:
    # Importing the program creates some 100,000 long-lived objects (modules, classes, mapped
    # tables) and no garbage: the collector would scan them again and again (about 5 % of the
    # start). Collect nothing while importing, then move them out of the collector's sight.
    gc.disable()
    try:
        from bot.cli import main as cli_main
    finally:
        gc.freeze()
        gc.enable()
    sys.exit(cli_main(sys.argv[1:]))


if __name__ == "__main__":
    main()
