"""Return-template workbooks and the validator of filled returns (a door over the core; uses openpyxl).

Each template is declared once as data (`declarations/*.toml`); the generator and the validator both
read that declaration through `layout.py`, so a cell cannot move in one and not the other.
"""
