"""Run the command line with `python -m newsbrowse`."""

from newsbrowse.cli import main

raise SystemExit(main())
