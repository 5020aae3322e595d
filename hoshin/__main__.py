"""``python -m hoshin``: the same as the ``hoshin`` command."""

from __future__ import annotations

import sys

from hoshin.cli.main import main

sys.exit(main())
