"""ASCOF survey measures from a council's own respondents: the users' (ASCS) and carers' (SACE) surveys.

Computed as NHS Digital's published survey code computes them (ASC-User-Survey): respondents only,
stratum weighting, margins of error with a finite-population correction, publication rounding
and suppression. Rules, coefficients and question maps are data in `survey/data/`.
"""
