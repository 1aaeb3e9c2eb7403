from aitasker_desktop.cli import main

raise SystemExit(main())
