"""One written form for every measure code: no brackets, no spaces, upper case.

Publications write the same code several ways: `2D(1)` in the 2024-25 files, `2D1` in the
2023-24 CSV, `3c(1)` in older handbooks. Every door and reader passes codes through
`canonical_code` so that they all meet in one form (`2D1`, `3D1A`, `5A2`).
"""

from __future__ import annotations

import re
from functools import lru_cache

_NOISE = re.compile(r"[\s()\[\]\u00a0]+")


@lru_cache(maxsize=4096)  # every look-up of a code passes through here
def canonical_code(text: str) -> str:
    """The canonical form of a measure code: brackets and spaces dropped, letters upper case.

    `canonical_code("3D(1a)") == "3D1A"`; a blank or None gives "".
    """
    if text is None:
        return ""
    return _NOISE.sub("", str(text)).upper()
