"""`python -m attachkit`: the `attachkit` command."""

import sys

from attachkit.cli import main

sys.exit(main())
