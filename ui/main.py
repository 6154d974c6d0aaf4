"""Console entry point `kiosk`: the core's CLI with the Qt user interface plugged in."""

from __future__ import annotations

import sys

from kiosk.cli import main as cli_main
from ui.launcher import QtGui


def main() -> int:
    return cli_main(sys.argv[1:], gui=QtGui())


if __name__ == "__main__":
    sys.exit(main())
