"""A region's collection of councils' provisional returns: read and check each, refuse what cannot be merged,
rank and band every measure among the councils collected, place each value in the national distribution.

`returns` reads one return (through the template validator), `collection` merges them, `compare` ranks
and bands them (pure), `anonymise` makes the shareable copy (pure); `workbook` and `data` are the doors
that write the regional workbook and read it back as data, `fill` makes a return from CLD output.
"""

from ascof_xl.collect.collection import Collection, collect
from ascof_xl.collect.returns import Figure, LeftOut, Return, read_return

__all__ = ["Collection", "Figure", "LeftOut", "Return", "collect", "read_return"]
