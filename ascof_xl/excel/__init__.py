"""The Excel door: worksheet functions (`functions`, decorated in `udfs`) and ribbon macros (`macros`).

Everything here is a few lines over the core. Only `udfs` and `books.XlwingsBook` touch xlwings, so
the functions and macros run (and are tested) on any machine with plain Python values.
"""
