"""``python -m sitrep.spark``: see :mod:`sitrep.spark`.

The job's functions live in the package, not here: Spark pickles functions of ``__main__``
by value, which would give every task a fresh module and so a fresh Pipeline.
"""

import sys

from sitrep.spark import main

sys.exit(main())
