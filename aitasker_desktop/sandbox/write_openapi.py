"""Write the sandbox's OpenAPI documents down again (see openapi_doc.py), after a change:

python -m aitasker_desktop.sandbox.write_openapi
"""

import sys
import tempfile
from pathlib import Path

from . import conventions as c
from .app import build_openapi
from .openapi_doc import write_down


def main() -> int:
    for surface in c.Surface:
        with tempfile.TemporaryDirectory() as tmp:
            print(write_down(surface, build_openapi(surface, Path(tmp))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
