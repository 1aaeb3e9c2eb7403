"""`python -m aitasker_desktop.sandbox ...`: the standalone sandbox server."""

import sys

from .cli import run

raise SystemExit(run(sys.argv[1:]))
