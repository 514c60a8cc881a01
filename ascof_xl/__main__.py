"""`python -m ascof_xl` runs the command line."""

import sys

from ascof_xl.cli import main

sys.exit(main())
