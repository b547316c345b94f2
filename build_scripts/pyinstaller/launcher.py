"""Entry script of the PyInstaller bundle: the same as ``python -m pzp_desktop``."""

import sys

from pzp_desktop.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
