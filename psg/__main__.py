"""Command line: `python -m psg check|export|schemas` (see `psg.cli`)."""

from psg.cli import main

raise SystemExit(main())
