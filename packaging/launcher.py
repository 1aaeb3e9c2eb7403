"""The frozen app's entry script (PyInstaller runs this as __main__)."""

from aitasker_desktop.cli import main

raise SystemExit(main())
