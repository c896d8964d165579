"""Entry point of ``python3 tools/bench`` (and ``make bench``); see the package docstring."""

import os
import sys

# tools/ holds the package and the modules it shares with the other scripts
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.cli import main

if __name__ == "__main__":
    sys.exit(main())
