"""``python -m root``: the ``rootsignals`` command line (see :mod:`root._cli`)."""

import sys

from root._cli import main

if __name__ == "__main__":
    sys.exit(main(prog="python -m root"))
