"""One written form for every measure code: no brackets, no spaces, upper case.

Publications write the same code several ways: `2D(1)` in the 2024-25 files, `2D1` in the
2023-24 CSV, `3c(1)` in older handbooks. Every door and reader passes codes through
`canonical_code` so that they all meet in one form (`2D1`, `3D1A`, `5A2`).
"""

from __future__ import annotations

import difflib
import os
import re
from functools import lru_cache
from typing import Iterable

_NOISE = re.compile(r"[\s()\[\]\u00a0]+")


@lru_cache(maxsize=4096)  # every look-up of a code passes through here
def canonical_code(text: str) -> str:
    """The canonical form of a measure code: brackets and spaces dropped, letters upper case.

    `canonical_code("3D(1a)") == "3D1A"`; a blank or None gives "".
    """
    if text is None:
        return ""
    return _NOISE.sub("", str(text)).upper()


def did_you_mean(code: str, codes: Iterable[str], n: int = 3) -> list[str]:
    """Up to `n` of `codes` a mistyped code most likely meant: those sharing the longest start with it
    (1Z: 1A, 1B or 1C), most alike first; else those that merely look alike. The one suggestion
    helper every door uses."""
    code = canonical_code(code)
    known = list(dict.fromkeys(codes))
    folded = {c: canonical_code(c) for c in known}
    shared = {c: len(os.path.commonprefix([folded[c], code])) for c in known}
    longest = max(shared.values(), default=0)
    if longest:
        similar = [c for c in known if shared[c] == longest]
        return sorted(similar, key=lambda c: -difflib.SequenceMatcher(None, code, folded[c]).ratio())[:n]
    close = difflib.get_close_matches(code, list(folded.values()), n=n, cutoff=0.6)
    return [next(c for c in known if folded[c] == each) for each in close]
