"""ascof-xl: compute, check and benchmark the Adult Social Care Outcomes Framework."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("ascof-xl")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
