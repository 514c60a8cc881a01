"""Synthetic CLD extracts: deterministic, realistic event histories for tests, benchmarks and trials.

People in K councils, each with a request and, by chance, assessments, ST-Max episodes, long-term
services, reviews, carers' support and deaths, reported in quarterly submissions from April 2023 to
March 2025 (open services repeat in every quarter, as real submissions do). A little noise is
added on purpose (release 1 spellings, odd case, unreadable dates, rows with no person) so that the
quality report has something to count. The same seed always gives the same file.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ascof_xl.councils import load_councils
from ascof_xl.errors import AscofError

EPOCH = date(1970, 1, 1)
FIRST_DAY = (date(2023, 4, 1) - EPOCH).days
LAST_DAY = (date(2025, 3, 31) - EPOCH).days
QUARTER_STARTS = np.array([(date(y, m, 1) - EPOCH).days for y, m in
                           [(2023, 4), (2023, 7), (2023, 10), (2024, 1), (2024, 4), (2024, 7), (2024, 10), (2025, 1)]])
QUARTER_ENDS = np.append(QUARTER_STARTS[1:] - 1, LAST_DAY)
CHUNK = 50_000  # people generated at a time; fixed, so the output never depends on memory
COLUMNS = (
    "LA_Code", "LA_Name", "Der_NHS_Number_Traced_Pseudo", "LA_Person_Unique_Identifier", "Der_Birth_Year",
    "Der_Birth_Month", "Date_of_Death", "Client_Type", "Gender", "Primary_Support_Reason", "Accommodation_Status",
    "Event_Type", "Event_Reference", "Event_Start_Date", "Event_End_Date", "Event_Outcome", "Service_Type",
    "Service_Component", "Delivery_Mechanism", "Reporting_Period_Start_Date", "Reporting_Period_End_Date",
)

# (value, weight) choices; None is a blank.
GENDERS = (("Male", 42), ("Female", 56), ("Unknown", 2))
ACCOMMODATION = (("Owner occupier or shared ownership scheme", 25), ("Tenant: Private landlord", 8),
                 ("Tenant: Local authority or other social housing provider", 15),
                 ("Settled mainstream housing with family or friends", 10), ("Registered care home", 5),
                 ("Unknown", 7), (None, 30))
REASONS = (("Physical Support: Personal care support", 55), ("Learning Disability Support", 12),
           ("Mental Health Support", 12), ("Support with Memory and Cognition", 11),
           ("Social support: Support to unpaid carer", 2), (None, 8))
REQUEST_OUTCOMES = (("Progress to reablement/ST-Max", 40), ("Progress to assessment, review or reassessment", 30),
                    ("NFA: Information and advice or signposting", 20), ("NFA: Support declined", 5), ("NFA: Other", 5))
ASSESSMENT_OUTCOMES = (("Progress to support planning or services", 60),
                       ("NFA: Information and advice or signposting", 20),
                       ("NFA: No services offered for other reason", 20))
ST_MAX_OUTCOMES = (("NFA: Support ended as planned", 45), ("Progress to support planning or services", 30),
                   ("NFA: Other", 5), ("Admitted to hospital", 8), ("NFA: Support declined", 4),
                   ("Continuation of support or services", 8))
ST_MAX_COMPONENTS = (("Reablement", 85), ("Home support or domiciliary care", 10), ("Equipment", 5))
LONG_TERM = (("Long term support: Community", 75), ("Long term support: Residential care", 13),
             ("Long term support: Nursing care", 10), ("Long term support: Prison", 2))
COMMUNITY_COMPONENTS = (("Home support or domiciliary care", 50), ("Direct payment", 15), ("Day care", 10),
                        ("Community supported living", 10), ("Extra care housing", 5), ("Shared Lives", 3), (None, 7))
COMMUNITY_MECHANISMS = (("Direct payment", 20), ("CASSR managed personal budget", 25),
                        ("CASSR commissioned support", 50), (None, 5))
CARER_MECHANISMS = (("Direct payment", 40), ("CASSR managed personal budget", 20),
                    ("CASSR commissioned support", 30), (None, 10))


def generate(path: str | Path, people: int, councils: int, seed: int = 0) -> int:
    """Write a synthetic extract (CSV, or Parquet by a .parquet name) atomically; returns its row count."""
    if people < 1 or councils < 1:
        raise AscofError("synth: --people and --councils must be at least 1.")
    areas = [c for c in load_councils() if c.existed_in("2024-25")]
    if councils > len(areas):
        raise AscofError(f"synth: at most {len(areas)} councils (England's councils of 2024-25).")
    areas = areas[:councils]
    path = Path(path)
    parquet = path.suffix.lower() in (".parquet", ".pq")
    folder = path.resolve().parent
    if not folder.is_dir():
        raise AscofError(f"synth: folder {folder} does not exist; create it or choose another output path.")
    work = tempfile.mkdtemp(prefix=".synth-", dir=folder)
    con = duckdb.connect(os.path.join(work, "synth.duckdb"))
    try:
        con.execute("SET preserve_insertion_order = true")
        con.execute("SET memory_limit = '2GB'")
        con.execute("SET enable_progress_bar = false")
        for first in range(0, people, CHUNK):
            frame = _chunk(np.random.default_rng([seed, first]), first, min(CHUNK, people - first), areas)
            con.register("chunk", frame)
            if first == 0:
                con.execute("CREATE TABLE rows AS SELECT * FROM chunk WITH NO DATA")
            con.execute("INSERT INTO rows SELECT * FROM chunk")
            con.unregister("chunk")
        rows = con.execute("SELECT COUNT(*) FROM rows").fetchone()[0]
        partial = os.path.join(work, "out" + (".parquet" if parquet else ".csv"))
        options = "FORMAT parquet" if parquet else "FORMAT csv, HEADER true"
        con.execute(f"COPY (SELECT {_text_columns()} FROM rows) TO '{partial}' ({options})")
        con.close()
        os.replace(partial, path)
    finally:
        con.close()
        for name in os.listdir(work):
            os.remove(os.path.join(work, name))
        os.rmdir(work)
    return rows


def _text_columns() -> str:
    """Dates (held as days since 1970, -1 for blank) written as ISO text, a few as day/month/year."""
    parts = []
    for name in COLUMNS:
        if name.endswith("_Date") or name == "Date_of_Death":
            day = f"DATE '1970-01-01' + CAST({name} AS INTEGER)"
            parts.append(f"CASE WHEN {name} < 0 THEN NULL WHEN {name} = 99999 THEN 'not a date' "
                         f"WHEN hash_seed % 97 = 0 THEN strftime({day}, '%d/%m/%Y') "
                         f"ELSE strftime({day}, '%Y-%m-%d') END AS {name}")
        elif name in ("Der_Birth_Year", "Der_Birth_Month"):
            parts.append(f"CASE WHEN {name} < 0 THEN NULL ELSE CAST({name} AS VARCHAR) END AS {name}")
        else:
            parts.append(name)
    return ", ".join(parts)


def _pick(rng: np.random.Generator, choices, n: int) -> np.ndarray:
    values = np.array([v for v, _ in choices], dtype=object)
    weights = np.array([w for _, w in choices], dtype=float)
    return values[rng.choice(len(values), size=n, p=weights / weights.sum())]


def _chunk(rng: np.random.Generator, first: int, n: int, areas) -> pd.DataFrame:
    """n people's events, reported quarter by quarter."""
    ids = np.arange(first, first + n)
    carer = rng.random(n) < 0.15
    working = rng.random(n) < 0.3
    birth_year = np.where(working, rng.integers(1960, 2007, n), rng.integers(1922, 1960, n))
    birth_month = rng.integers(1, 13, n)
    birth_month[rng.random(n) < 0.005] = -1
    start = rng.integers(FIRST_DAY - 200, LAST_DAY - 20, n)
    death = np.where(rng.random(n) < 0.04, start + rng.integers(20, 500, n), -1)
    death[death > LAST_DAY] = -1
    person = pd.DataFrame({
        "council": ids % len(areas),
        "nhs": np.where(rng.random(n) < 0.95, np.char.add("N", ids.astype(str)).astype(object), None),
        "local": np.char.add("P", ids.astype(str)).astype(object),
        "birth_year": birth_year, "birth_month": birth_month, "death": death,
        "client": np.where(carer, "Unpaid carer", "Service user").astype(object),
        "gender": _pick(rng, GENDERS, n), "reason": _pick(rng, REASONS, n),
        "accommodation": _pick(rng, ACCOMMODATION, n),
    })
    events = []

    def add(who, kind, begin, end, outcome, service=None, component=None, mechanism=None):
        size = len(who)
        events.append(pd.DataFrame({
            "who": who, "Event_Type": kind, "begin": begin, "end": end, "Event_Outcome": outcome,
            "Service_Type": service if service is not None else np.full(size, None, dtype=object),
            "Service_Component": component if component is not None else np.full(size, None, dtype=object),
            "Delivery_Mechanism": mechanism if mechanism is not None else np.full(size, None, dtype=object),
        }))

    everyone = np.arange(n)
    request_end = start + rng.integers(0, 10, n)
    outcomes = _pick(rng, REQUEST_OUTCOMES, n)
    outcomes[carer] = _pick(rng, (("NFA: Information and advice or signposting", 1),
                                  ("Progress to assessment, review or reassessment", 1)), int(carer.sum()))
    add(everyone, "Request", start, request_end, outcomes)
    assessed = everyone[rng.random(n) < 0.6]
    assessment_end = request_end + rng.integers(0, 21, n)
    add(assessed, "Assessment", request_end[assessed], assessment_end[assessed],
        _pick(rng, ASSESSMENT_OUTCOMES, len(assessed)))
    users = everyone[~carer]
    st_max = users[rng.random(len(users)) < 0.45]
    st_start = request_end[st_max] + rng.integers(0, 6, len(st_max))
    st_end = st_start + rng.integers(14, 43, len(st_max))
    st_end[rng.random(len(st_max)) < 0.03] = -1
    add(st_max, "Service", st_start, st_end, _pick(rng, ST_MAX_OUTCOMES, len(st_max)),
        np.full(len(st_max), "Short term support: ST-Max", dtype=object), _pick(rng, ST_MAX_COMPONENTS, len(st_max)))
    again = rng.random(len(st_max)) < 0.2
    again &= st_end >= 0
    second_start = st_end[again] + rng.integers(0, 21, int(again.sum()))
    add(st_max[again], "Service", second_start, second_start + rng.integers(7, 31, len(second_start)),
        _pick(rng, ST_MAX_OUTCOMES, len(second_start)),
        np.full(len(second_start), "Short term support: ST-Max", dtype=object),
        _pick(rng, ST_MAX_COMPONENTS, len(second_start)))
    low = st_max[(rng.random(len(st_max)) < 0.1) & (st_end >= 0)]
    low_start = np.maximum(st_end[np.isin(st_max, low)], 0) + rng.integers(1, 8, len(low))
    add(low, "Service", low_start, low_start + rng.integers(30, 91, len(low)), _pick(
        rng, (("NFA: Support ended as planned", 1),), len(low)),
        np.full(len(low), "Short term support: Ongoing low level", dtype=object))
    long_term = users[rng.random(len(users)) < 0.45]
    lt_start = assessment_end[long_term] + rng.integers(0, 11, len(long_term))
    lt_type = _pick(rng, LONG_TERM, len(long_term))
    lt_end = np.where(rng.random(len(long_term)) < 0.55, -1, lt_start + rng.integers(30, 600, len(long_term)))
    lt_end[lt_end > LAST_DAY] = -1
    component = np.full(len(long_term), None, dtype=object)
    mechanism = np.full(len(long_term), "CASSR commissioned support", dtype=object)
    community = lt_type == "Long term support: Community"
    component[community] = _pick(rng, COMMUNITY_COMPONENTS, int(community.sum()))
    mechanism[community] = _pick(rng, COMMUNITY_MECHANISMS, int(community.sum()))
    residential = lt_type == "Long term support: Residential care"
    component[residential] = _pick(rng, (("Residential care", 85), ("Short term residential care", 5), (None, 10)),
                                   int(residential.sum()))
    nursing = lt_type == "Long term support: Nursing care"
    component[nursing] = _pick(rng, (("Nursing care", 90), (None, 10)), int(nursing.sum()))
    lt_outcome = np.where(lt_end < 0, "Continuation of support or services", "NFA: Support ended as planned")
    add(long_term, "Service", lt_start, lt_end, lt_outcome.astype(object), lt_type, component, mechanism)
    reviewed = rng.random(len(long_term)) < 0.5
    review_start = lt_start[reviewed] + rng.integers(180, 400, int(reviewed.sum()))
    add(long_term[reviewed], "Review", review_start, review_start + rng.integers(0, 11, len(review_start)),
        np.full(len(review_start), "Continuation of support or services", dtype=object))
    carers = everyone[carer]
    supported = carers[rng.random(len(carers)) < 0.6]
    support_start = assessment_end[supported]
    support_end = support_start + np.where(rng.random(len(supported)) < 0.5, 0, rng.integers(1, 365, len(supported)))
    carer_mechanism = _pick(rng, CARER_MECHANISMS, len(supported))
    carer_component = _pick(rng, (("Carer break", 50), (None, 50)), len(supported))
    carer_component[(carer_mechanism == "Direct payment") & (rng.random(len(supported)) < 0.5)] = "Direct payment"
    add(supported, "Service", support_start, support_end,
        np.full(len(supported), "NFA: Support ended as planned", dtype=object),
        np.full(len(supported), "Unpaid carer support: Direct to unpaid carer", dtype=object),
        carer_component, carer_mechanism)
    return _report(rng, pd.concat(events, ignore_index=True), person, ids, areas)


def _report(rng, events: pd.DataFrame, person: pd.DataFrame, ids: np.ndarray, areas) -> pd.DataFrame:
    """Each event in the quarterly submissions that hold it, person details attached, noise added."""
    ended = events["end"] >= 0
    events = events[(events["begin"] <= LAST_DAY) & (~ended | (events["end"] <= LAST_DAY))
                    & (~ended | (events["end"] >= FIRST_DAY))]
    events = events.reset_index(drop=True)
    reference = np.char.add(f"E{ids[0]}_", np.arange(len(events)).astype(str))
    service = (events["Event_Type"] == "Service").to_numpy()
    begin, end = events["begin"].to_numpy(), events["end"].to_numpy()
    last = np.where(end < 0, LAST_DAY, end)
    first_q = np.clip(np.searchsorted(QUARTER_STARTS, begin, side="right") - 1, 0, len(QUARTER_STARTS) - 1)
    last_q = np.clip(np.searchsorted(QUARTER_STARTS, last, side="right") - 1, 0, len(QUARTER_STARTS) - 1)
    first_q = np.where(service, first_q, last_q)
    copies = last_q - first_q + 1
    index = np.repeat(np.arange(len(events)), copies)
    quarter = first_q[index] + (np.arange(len(index)) - np.repeat(np.cumsum(copies) - copies, copies))
    rows = events.iloc[index].reset_index(drop=True)
    shown_end = np.where(end[index] > QUARTER_ENDS[quarter], -1, end[index])
    who = person.iloc[rows["who"].to_numpy()].reset_index(drop=True)
    n = len(rows)
    codes = np.array([a.ons_code for a in areas], dtype=object)
    names = np.array([a.name for a in areas], dtype=object)
    frame = pd.DataFrame({
        "LA_Code": codes[who["council"]], "LA_Name": names[who["council"]],
        "Der_NHS_Number_Traced_Pseudo": who["nhs"], "LA_Person_Unique_Identifier": who["local"],
        "Der_Birth_Year": who["birth_year"], "Der_Birth_Month": who["birth_month"], "Date_of_Death": who["death"],
        "Client_Type": who["client"], "Gender": who["gender"], "Primary_Support_Reason": who["reason"],
        "Accommodation_Status": who["accommodation"], "Event_Type": rows["Event_Type"],
        "Event_Reference": reference[index], "Event_Start_Date": rows["begin"], "Event_End_Date": shown_end,
        "Event_Outcome": rows["Event_Outcome"], "Service_Type": rows["Service_Type"],
        "Service_Component": rows["Service_Component"], "Delivery_Mechanism": rows["Delivery_Mechanism"],
        "Reporting_Period_Start_Date": QUARTER_STARTS[quarter], "Reporting_Period_End_Date": QUARTER_ENDS[quarter],
        "hash_seed": rng.integers(0, 1_000_000, n),
    })
    noise = rng.random((4, n))
    frame.loc[noise[0] < 0.1, "Client_Type"] = frame.loc[noise[0] < 0.1, "Client_Type"].map(
        {"Service user": "Service User", "Unpaid carer": "Carer"})
    lower = noise[1] < 0.03
    for name in ("Event_Type", "Service_Type", "Event_Outcome"):
        frame.loc[lower, name] = frame.loc[lower, name].str.lower()
    frame.loc[noise[2] < 0.0005, "Event_Start_Date"] = 99999
    blank = noise[3] < 0.0002
    frame.loc[blank, ["Der_NHS_Number_Traced_Pseudo", "LA_Person_Unique_Identifier"]] = None
    return frame
