"""The one way out: every cell, CSV field and file ascof-xl writes goes through this package."""
