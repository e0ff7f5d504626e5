"""`python -m floorwatch`."""

import sys

from floorwatch.cli import main

sys.exit(main())
