"""ASCOF 2D from a discharges file carrying the SUS APC fields: each exclusion, the age rule, the
link window, the latest discharge, and the three part 1 failures (death, emergency readmission,
long-term care) at their day limits.

Expected values come from the method note (../shared/reference/cld-method.md §1 Age and §3 2D)
and the definitions' code lists (ascof-definitions.md §2.3.4), reasoned in each comment. Every
spell is discharged in the period 2024-04-01 to 2025-03-31 and aged 80 (born January 1944) unless
its comment says otherwise; its codes are an emergency admission (method 21, management type EM),
a usual discharge (method 1, destination 19, home) from general medicine (treatment function 300),
the last episode of its spell. Each scenario sits in a council of its own.
"""

from __future__ import annotations

import csv
import itertools
from datetime import date, timedelta
from pathlib import Path

import pytest

from ascof_xl.cld import compute_measures, parse_period
from ascof_xl.cld.discharges import (attach_discharges, discharge_code_lists, resident_councils,
                                     set_aside_counts)
from ascof_xl.cld.load import attach, connect, release
from ascof_xl.cld.steps import run_method, set_params
from ascof_xl.cld.synth import COLUMNS
from ascof_xl.errors import AscofError

PERIOD = parse_period("2024-04-01:2025-03-31")
SUS_COLUMNS = ["Spell_ID", "NHS_Number", "Resident_LA_Code", "Admission_Date", "Discharge_Date", "Birth_Year",
               "Birth_Month", "Age_At_Discharge", "Last_Episode_In_Spell", "Admission_Method", "Discharge_Method",
               "Discharge_Destination", "Treatment_Function_Code", "Management_Type", "Date_of_Death"]
_refs = itertools.count(1)


def plus(day: str, n: int) -> str:
    return (date.fromisoformat(day) + timedelta(days=n)).isoformat()


def spell(spell_id: str, council: str, admitted: str = "2024-06-01", discharged: str = "2024-06-10",
          nhs: str | None = None, **fields: str) -> dict[str, str]:
    """One SUS spell of the person `nhs` (the spell id's person unless given)."""
    return {"Spell_ID": spell_id, "NHS_Number": nhs or f"N-{spell_id}", "Resident_LA_Code": council,
            "Admission_Date": admitted, "Discharge_Date": discharged, "Birth_Year": "1944", "Birth_Month": "1",
            "Age_At_Discharge": "", "Last_Episode_In_Spell": "Y", "Admission_Method": "21", "Discharge_Method": "1",
            "Discharge_Destination": "19", "Treatment_Function_Code": "300", "Management_Type": "EM",
            "Date_of_Death": ""} | fields


def service(nhs: str, council: str, kind: str, start: str, end: str = "", component: str = "",
            **fields: str) -> dict[str, str]:
    """One CLD service row of the person `nhs`, born January 1944."""
    return {name: "" for name in COLUMNS} | {
        "LA_Code": council, "Der_NHS_Number_Traced_Pseudo": nhs, "LA_Person_Unique_Identifier": nhs,
        "Der_Birth_Year": "1944", "Der_Birth_Month": "1", "Client_Type": "Service user", "Gender": "Female",
        "Event_Type": "Service", "Event_Reference": f"R{next(_refs)}", "Event_Start_Date": start,
        "Event_End_Date": end, "Event_Outcome": "NFA: Support ended as planned", "Service_Type": kind,
        "Service_Component": component, "Reporting_Period_Start_Date": "2024-04-01",
        "Reporting_Period_End_Date": "2025-03-31"} | fields


def reablement(nhs: str, council: str, start: str, end: str, **fields: str) -> dict[str, str]:
    return service(nhs, council, "Short term support: ST-Max", start, end, "Reablement", **fields)


# --- exclusion rules: spell id -> the reason it is set aside (None: it counts) --------------------
RULES = "E99000001"
EXCLUSIONS = {
    # Last episode (APCS_Last_Ep_Ind = 1): Y or 1 is the last, N or 0 an earlier episode; a blank
    # flag in a file that has the column is neither and is set aside as unreadable.
    "last episode": [
        (spell("last-Y", RULES), None),
        (spell("last-1", RULES, Last_Episode_In_Spell="1"), None),
        (spell("last-N", RULES, Last_Episode_In_Spell="N"), "not the last episode of its spell"),
        (spell("last-0", RULES, Last_Episode_In_Spell="0"), "not the last episode of its spell"),
        (spell("last-blank", RULES, Last_Episode_In_Spell=""), "Last_Episode_In_Spell blank or not yes/no"),
    ],
    # Admission methods 31, 32, 82, 83 (maternity, births) excluded; 21 and 81 (transfer) are not.
    "admission method": [
        (spell("am-21", RULES), None),
        (spell("am-81", RULES, Admission_Method="81"), None),
        *[(spell(f"am-{code}", RULES, Admission_Method=code),
           "maternity or birth admission (admission method 31, 32, 82, 83)") for code in ("31", "32", "82", "83")],
    ],
    # Discharge methods 4 (died) and 5 (stillbirth) excluded; 1 and 3 are not.
    "discharge method": [
        (spell("dm-1", RULES), None),
        (spell("dm-3", RULES, Discharge_Method="3"), None),
        *[(spell(f"dm-{code}", RULES, Discharge_Method=code),
           "died in hospital or stillbirth (discharge method 4, 5)") for code in ("4", "5")],
    ],
    # Destinations 49-52, 79, 87, 88 excluded; 19 (home), 48 and 53 either side of 49-52 are not.
    "destination": [
        *[(spell(f"dd-{code}", RULES, Discharge_Destination=code), None) for code in ("19", "48", "53")],
        *[(spell(f"dd-{code}", RULES, Discharge_Destination=code),
           "discharged to another hospital or a hospice, or died (destination 49, 50, 51, 52, 79, 87, 88)")
          for code in ("49", "52", "79", "87", "88")],
    ],
    # Treatment functions 199, 223, 290, 291, 331, 344-346, 424, 499, 501, 504, 560, 65x, 660-662,
    # 7xx, 840, 920 excluded; their neighbours 198, 200, 347, 640, 663, 800 are not.
    "treatment function": [
        *[(spell(f"tf-{code}", RULES, Treatment_Function_Code=code), None)
          for code in ("198", "200", "347", "640", "663", "800")],
        *[(spell(f"tf-{code}", RULES, Treatment_Function_Code=code),
           "mental health, learning disability, maternity, well babies or another excluded specialty "
           "(treatment function 199, 223, 290, 291, 331, 344, 345, 346, 424, 499, 501, 504, 560, 660, 661, 662, "
           "840, 920, 65*, 7*)") for code in ("199", "346", "650", "659", "660", "700", "799", "920")],
    ],
    # Admitted on or after 2023-04-01 (the CLD's start) and before the discharge.
    "admission date": [
        (spell("ad-20230401", RULES, admitted="2023-04-01", discharged="2024-04-05"), None),
        (spell("ad-20230331", RULES, admitted="2023-03-31", discharged="2024-04-05"),
         "admitted before 2023-04-01, or not before the discharge"),
        (spell("ad-day-before", RULES, admitted="2024-06-09", discharged="2024-06-10"), None),
        (spell("ad-same-day", RULES, admitted="2024-06-10", discharged="2024-06-10"),
         "admitted before 2023-04-01, or not before the discharge"),
    ],
    # Age at discharge 65 or over. Given as a number: 65 counts, 64 does not. From the birth month
    # (method: born on the 1st; FLOOR(days / 365.25)): born June 1959, so 1959-06-01. To 2024-06-01
    # is 65 x 365 days + 17 leap days (29 Feb 1960, 1964, ..., 2024) = 23,742 days; / 365.25 =
    # 65.002: 65. To 2024-05-31, 23,741 days / 365.25 = 64.9993: 64.
    "age": [
        (spell("age-65", RULES, Birth_Year="", Birth_Month="", Age_At_Discharge="65"), None),
        (spell("age-64", RULES, Birth_Year="", Birth_Month="", Age_At_Discharge="64"), "under 65 at discharge"),
        (spell("born-65", RULES, admitted="2024-05-20", discharged="2024-06-01", Birth_Year="1959", Birth_Month="6"),
         None),
        (spell("born-64", RULES, admitted="2024-05-20", discharged="2024-05-31", Birth_Year="1959", Birth_Month="6"),
         "under 65 at discharge"),
        (spell("born-unknown", RULES, Birth_Year="1944", Birth_Month=""),
         "age at discharge blank or unreadable (Age_At_Discharge, or Birth_Year and Birth_Month)"),
    ],
    # Discharged in the period, its first and last days included.
    "period": [
        (spell("dis-20240401", RULES, admitted="2024-03-20", discharged="2024-04-01"), None),
        (spell("dis-20240331", RULES, admitted="2024-03-20", discharged="2024-03-31"), "discharged outside the period"),
        (spell("dis-20250331", RULES, admitted="2025-03-20", discharged="2025-03-31"), None),
        (spell("dis-20250401", RULES, admitted="2025-03-20", discharged="2025-04-01"), "discharged outside the period"),
    ],
    # England only (DHSC keeps spells whose area of residence maps to an English council).
    "england": [
        (spell("res-wales", "W06000015"), "council of residence outside England"),
    ],
    # In long-term nursing, residential or prison support on the admission date (2024-06-01): a
    # residential service ending that day excludes, one ending the day before does not; nursing and
    # prison exclude too; long-term community support does not.
    "long-term support at admission": [
        (spell("lt-res-ends-on-admission", RULES), "in long-term nursing, residential or prison support at admission"),
        (spell("lt-res-ends-day-before", RULES), None),
        (spell("lt-nursing", RULES), "in long-term nursing, residential or prison support at admission"),
        (spell("lt-prison", RULES), "in long-term nursing, residential or prison support at admission"),
        (spell("lt-community", RULES), None),
    ],
    # Unreadable rows are set aside, not dropped.
    "unreadable": [
        (spell("no-nhs", RULES, NHS_Number=""), "no NHS number"),
        (spell("bad-date", RULES, discharged="2024-13-01"), "admission or discharge date blank or unreadable"),
    ],
    # A spell counts once: a second row of the same Spell_ID is set aside (the first row is kept).
    "repeat": [
        (spell("twice", RULES), None),
        (spell("twice", RULES), "a second qualifying row of the same spell (Spell_ID)"),
    ],
}
LONG_TERM_AT_ADMISSION = [
    service("N-lt-res-ends-on-admission", RULES, "Long term support: Residential care", "2024-05-01", "2024-06-01"),
    service("N-lt-res-ends-day-before", RULES, "Long term support: Residential care", "2024-05-01", "2024-05-31"),
    service("N-lt-nursing", RULES, "Long term support: Nursing care", "2024-05-01"),
    service("N-lt-prison", RULES, "Long term support: Prison", "2024-04-15", "2024-09-01"),
    service("N-lt-community", RULES, "Long term support: Community", "2024-04-15"),
]

# A blank treatment function: DHSC's code (NOT IN) sets it aside; its documents do not.
BLANK_CODE = spell("tf-blank", "E99000002", Treatment_Function_Code="")

# --- linking ----------------------------------------------------------------------------------------
# Window: reablement from 2024-07-10 (to 07-30) for five people. Discharged 7 days before (07-03)
# and 3 days after (07-13, admitted 07-05, on or before the start) link; 8 before (07-02) and
# 4 after (07-14) do not; discharged 07-12 but admitted 07-11, after the start, does not.
# 2D1 = 2 linked, nobody dies, is readmitted or enters care: 2 / 2. 2D2 = 2 linked / 5 spells.
WINDOW = "E99000003"
WINDOW_SPELLS = [
    spell("w-minus7", WINDOW, "2024-06-20", "2024-07-03"),
    spell("w-plus3", WINDOW, "2024-07-05", "2024-07-13"),
    spell("w-minus8", WINDOW, "2024-06-20", "2024-07-02"),
    spell("w-plus4", WINDOW, "2024-07-05", "2024-07-14"),
    spell("w-admitted-after", WINDOW, "2024-07-11", "2024-07-12"),
]
WINDOW_CLD = [reablement(s["NHS_Number"], WINDOW, "2024-07-10", "2024-07-30") for s in WINDOW_SPELLS]

# Latest discharge: reablement from 2024-08-10; spells discharged 08-05 (5 days before) and 08-09
# (1 day before; admitted 08-06) both link: the later, "late", is kept. 2D2 = 1 cluster / 2 spells.
LATEST = "E99000004"
LATEST_SPELLS = [spell("early", LATEST, "2024-07-25", "2024-08-05", nhs="N-K"),
                 spell("late", LATEST, "2024-08-06", "2024-08-09", nhs="N-K", Management_Type="EL")]
LATEST_CLD = [reablement("N-K", LATEST, "2024-08-10", "2024-08-31")]

# Part 1 failures, each person discharged 2024-06-10 into reablement from 06-12 (to 06-30).
# 2024-06-10 + 84 days: 20 to 06-30, 31 to 07-31 (51), 31 to 08-31 (82), 2 more: 2024-09-02.
OUTCOMES = "E99000005"
DAY_84, DAY_85 = "2024-09-02", "2024-09-03"
OUTCOME_SPELLS = [
    spell("died-84", OUTCOMES),  # CLD death on day 84: failure
    spell("died-85", OUTCOMES),  # CLD death on day 85: success
    spell("sus-died-84", OUTCOMES, Date_of_Death=DAY_84),  # the discharges file's death on day 84: failure
    spell("readmitted-em", OUTCOMES),  # emergency readmission 07-01 (after discharge and start): failure
    spell("readmitted-ne", OUTCOMES),  # non-elective (NE) readmission 07-01: failure
    spell("readmitted-el", OUTCOMES),  # elective readmission 07-01: success
    spell("readmitted-em-85", OUTCOMES),  # emergency readmission on day 85: success
    spell("care-84", OUTCOMES),  # long-term residential care from day 84: failure
    spell("care-85", OUTCOMES),  # long-term residential care from day 85: success
    # The readmissions are spells of their own, qualifying and in the period (part 2 denominator).
    spell("re-em", OUTCOMES, "2024-07-01", "2024-07-04", nhs="N-readmitted-em"),
    spell("re-ne", OUTCOMES, "2024-07-01", "2024-07-04", nhs="N-readmitted-ne", Management_Type="NE"),
    spell("re-el", OUTCOMES, "2024-07-01", "2024-07-04", nhs="N-readmitted-el", Management_Type="EL"),
    spell("re-em-85", OUTCOMES, DAY_85, "2024-09-06", nhs="N-readmitted-em-85"),
]
OUTCOME_CLD = [
    reablement(f"N-{s['Spell_ID']}", OUTCOMES, "2024-06-12", "2024-06-30",
               Date_of_Death={"died-84": DAY_84, "died-85": DAY_85}.get(s["Spell_ID"], ""))
    for s in OUTCOME_SPELLS[:9]
] + [
    service("N-care-84", OUTCOMES, "Long term support: Residential care", DAY_84),
    service("N-care-85", OUTCOMES, "Long term support: Residential care", DAY_85),
]
# 2D1 = 4 successes (died-85, readmitted-el, readmitted-em-85, care-85) / 9 linked.
# 2D2 = 9 linked / 13 qualifying spells.

# Readmissions that have not ended normally (method note, 2D part 1: "an EM/NE readmission (last
# episode, discharge method <> 5, admitted after both the discharge and the cluster start)"; nothing
# about the readmission's own discharge). Three linked index spells, each discharged 06-10:
#   same-day: an EM stay admitted and discharged on 07-01: a readmission, failure;
#   still-in: an EM spell admitted 07-01, not yet discharged (discharge method 8, not applicable):
#     a readmission, failure;
#   blank-method: the same with a blank discharge method: DHSC's code tests method <> '5', unknown
#     for a blank, so not a readmission (success); the documents rule reads it as one (failure).
# The three readmission rows are not spells 2D counts (admitted not before the discharge, or no
# discharge date). 2D1: code 1 / 3 = 33.33, documents 0 / 3; 2D2: 3 linked / 3 spells.
READMIT = "E99000007"
READMIT_SPELLS = [
    spell("same-day", READMIT), spell("still-in", READMIT), spell("blank-method", READMIT),
    spell("re-same-day", READMIT, "2024-07-01", "2024-07-01", nhs="N-same-day"),
    spell("re-still-in", READMIT, "2024-07-01", "", nhs="N-still-in", Discharge_Method="8"),
    spell("re-blank-method", READMIT, "2024-07-01", "", nhs="N-blank-method", Discharge_Method=""),
]
READMIT_CLD = [reablement(f"N-{s['Spell_ID']}", READMIT, "2024-06-12", "2024-06-30") for s in READMIT_SPELLS[:3]]

# A council of residence with spells but no CLD: its 2D2 denominator has no council row unless
# the measures add it (resident_councils).
DISCHARGES_ONLY = "E99000006"
ELSEWHERE = [spell("elsewhere", DISCHARGES_ONLY)]


def all_spells() -> list[dict]:
    return ([s for cases in EXCLUSIONS.values() for s, _ in cases] + [BLANK_CODE] + WINDOW_SPELLS + LATEST_SPELLS
            + OUTCOME_SPELLS + READMIT_SPELLS + ELSEWHERE)


def write_csv(path: Path, columns: list[str], rows: list[dict]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_2d(cld: Path, spells: Path, code_nulls: bool = True) -> dict:
    """Every step with the discharges: each row's reason, 2D units, tally, notes' counts."""
    con = connect()
    sources = attach(con, [cld])
    try:
        attach_discharges(con, spells)
        set_params(con, PERIOD.start.isoformat(), PERIOD.end.isoformat(), code_nulls)
        run_method(con, with_discharges=True)
        return {
            "rows": con.execute("SELECT spell_id, set_aside, age FROM discharges ORDER BY row_no").fetchall(),
            "linked": dict(con.execute("SELECT detail, in_numerator FROM units_2d WHERE measure = '2D1'").fetchall()),
            "tally": {(code, measure): (num, den) for code, measure, part, num, den
                      in con.execute("SELECT * FROM tally WHERE measure LIKE '2D%'").fetchall()},
            "set_aside": set_aside_counts(con),
            "residents": resident_councils(con),
        }
    finally:
        con.close()
        release(sources)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("cld2d")
    cld = write_csv(folder / "cld.csv", list(COLUMNS), LONG_TERM_AT_ADMISSION + WINDOW_CLD + LATEST_CLD + OUTCOME_CLD
                    + READMIT_CLD)
    spells = write_csv(folder / "spells.csv", SUS_COLUMNS, all_spells())
    return cld, spells


@pytest.fixture(scope="module")
def runs(files) -> dict[str, dict]:
    return {rule: run_2d(*files, code_nulls=(rule == "code")) for rule in ("code", "documents")}


@pytest.mark.parametrize("rule", list(EXCLUSIONS))
def test_each_exclusion_sets_a_spell_aside_with_its_reason(runs, rule):
    rows = runs["code"]["rows"]
    ids = [s["Spell_ID"] for s, _ in EXCLUSIONS[rule]]
    got = [reason for spell_id, reason, _ in rows if spell_id in ids]
    assert got == [reason for _, reason in EXCLUSIONS[rule]]


def test_every_row_is_counted_once_in_or_set_aside(runs):
    # Rows in = qualifying spells + rows set aside by reason (never silent).
    result = runs["code"]
    counted = sum(1 for _, reason, _ in result["rows"] if reason is None)
    assert len(result["rows"]) == len(all_spells()) == counted + sum(n for _, n in result["set_aside"])
    # Hand counts from the lists above: four excluded admission methods, two discharge methods, five
    # destinations, eight treatment functions; dates unreadable or blank: bad-date and the two
    # readmissions not yet discharged; admitted too early or not before the discharge:
    # ad-20230331, ad-same-day and the same-day readmission.
    by_reason = dict(result["set_aside"])
    assert by_reason["maternity or birth admission (admission method 31, 32, 82, 83)"] == 4
    assert by_reason["died in hospital or stillbirth (discharge method 4, 5)"] == 2
    assert sum(n for reason, n in by_reason.items() if reason.startswith("discharged to another hospital")) == 5
    assert sum(n for reason, n in by_reason.items() if reason.startswith("mental health, learning disability")) == 8
    assert by_reason["admission or discharge date blank or unreadable"] == 3
    assert by_reason["admitted before 2023-04-01, or not before the discharge"] == 3
    assert by_reason["not the last episode of its spell"] == 2
    assert by_reason["in long-term nursing, residential or prison support at admission"] == 3


def test_age_from_birth_year_and_month(runs):
    ages = {spell_id: age for spell_id, _, age in runs["code"]["rows"]}
    assert ages["born-65"] == 65 and ages["born-64"] == 64  # worked out in the "age" cases
    assert ages["last-Y"] == 80  # born January 1944 (1944-01-01), discharged 2024-06-10: 80


def test_a_blank_code_follows_the_null_rule(runs):
    reasons = {run: {spell_id: reason for spell_id, reason, _ in runs[run]["rows"]} for run in runs}
    assert reasons["code"]["tf-blank"] == "treatment function blank (DHSC's code sets it aside)"
    assert reasons["documents"]["tf-blank"] is None


def test_link_window_is_seven_days_before_to_three_after_the_cluster_start(runs):
    result = runs["code"]
    assert set(result["linked"]) >= {"w-minus7", "w-plus3"}
    assert not set(result["linked"]) & {"w-minus8", "w-plus4", "w-admitted-after"}
    assert result["tally"][(WINDOW, "2D1")] == (2, 2)
    assert result["tally"][(WINDOW, "2D2")] == (2, 5)


def test_the_latest_linked_discharge_is_kept(runs):
    result = runs["code"]
    assert "late" in result["linked"] and "early" not in result["linked"]
    assert result["tally"][(LATEST, "2D2")] == (1, 2)


@pytest.mark.parametrize("spell_id, stayed", [
    ("died-84", 0), ("died-85", 1), ("sus-died-84", 0),
    ("readmitted-em", 0), ("readmitted-ne", 0), ("readmitted-el", 1), ("readmitted-em-85", 1),
    ("care-84", 0), ("care-85", 1),
])
def test_part_1_failures_within_84_days(runs, spell_id, stayed):
    assert runs["code"]["linked"][spell_id] == stayed


def test_part_1_and_2_counts(runs):
    assert runs["code"]["tally"][(OUTCOMES, "2D1")] == (4, 9)
    assert runs["code"]["tally"][(OUTCOMES, "2D2")] == (9, 13)


def test_a_same_day_or_unfinished_emergency_readmission_is_a_failure(runs):
    assert runs["code"]["tally"][(READMIT, "2D1")] == (1, 3)
    assert runs["documents"]["tally"][(READMIT, "2D1")] == (0, 3)
    assert runs["code"]["tally"][(READMIT, "2D2")] == (3, 3)


def test_resident_councils_include_those_without_cld(runs):
    # The 2D2 denominator of a council of residence absent from the CLD is in the tally; the
    # measures must list the council for it to be shown.
    result = runs["code"]
    assert result["tally"][(DISCHARGES_ONLY, "2D2")] == (0, 1)
    assert DISCHARGES_ONLY in result["residents"] and "W06000015" not in result["residents"]


def test_measures_notes_count_spells_set_aside_by_reason(files, runs):
    cld, spells = files
    result = compute_measures([cld], PERIOD, discharges=spells,
                              population={WINDOW: {"18-64": 1000, "65 and over": 1000}})
    assert "discharges file: 2 spells set aside: not the last episode of its spell" in result["notes"]
    assert "discharges file: 2 spells set aside: discharged outside the period" in result["notes"]
    assert not any("absent" in note for note in result["notes"])  # every optional column given
    # Rows read = counted + set aside; the council of residence with no CLD is named, with its one spell.
    read = len(all_spells())
    counted = read - sum(n for _, n in runs["code"]["set_aside"])
    assert f"discharges file: {read:,} spells read: {counted:,} counted, {read - counted:,} set aside" in result["notes"]
    assert (f"discharges file: 1 spell of residents of councils with no CLD in these files ({DISCHARGES_ONLY}): "
            "no 2D2 is shown for them, as their reablement is not here") in result["notes"]
    assert DISCHARGES_ONLY not in {r["council"] for r in result["rows"]}
    got = {(r["council"], r["measure"]): (r["numerator"], r["denominator"], r["outcome"]) for r in result["rows"]}
    # 4 / 9 = 44.444..%: 44.44 at DHSC's two places for 2D (the 2024-25 council figures have two).
    assert got[(OUTCOMES, "2D1")] == (4, 9, 44.44)
    assert got[(WINDOW, "2D2")] == (2, 5, 40.0)


def test_dhsc_sus_names_are_read(tmp_path, files):
    # DHSC's SUS field names stand for ours: person, spell, last episode, birth year and month,
    # management type. One spell in, one not the last episode.
    names = {"NHS_Number": "Der_DHSC_Pseudo_NHS_Number", "Spell_ID": "APCS_Ident",
             "Last_Episode_In_Spell": "APCS_Last_Ep_Ind", "Birth_Year": "Year_of_Birth_SUS",
             "Birth_Month": "Month_of_Birth_SUS", "Management_Type": "Der_Management_Type"}
    rows = [{names.get(k, k): v for k, v in s.items() if k != "Age_At_Discharge"}
            for s in (spell("sus-1", RULES, Last_Episode_In_Spell="1"),
                      spell("sus-0", RULES, Last_Episode_In_Spell="0"))]
    path = write_csv(tmp_path / "sus.csv", list(rows[0]), rows)
    result = run_2d(files[0], path)
    assert [(spell_id, reason) for spell_id, reason, _ in result["rows"]] == [
        ("sus-1", None), ("sus-0", "not the last episode of its spell")]


@pytest.mark.parametrize("drop, message", [
    (("Treatment_Function_Code",), "give all four SUS code columns"),
    (("Age_At_Discharge", "Birth_Month"), "Age_At_Discharge (or Birth_Year and Birth_Month) missing"),
    (("Resident_LA_Code",), "column Resident_LA_Code missing"),
])
def test_an_incomplete_file_is_refused(tmp_path, drop, message):
    columns = [c for c in SUS_COLUMNS if c not in drop]
    path = write_csv(tmp_path / "spells.csv", columns, [{c: spell("x", RULES)[c] for c in columns}])
    con = connect()
    try:
        with pytest.raises(AscofError, match=message.replace("(", r"\(").replace(")", r"\)")):
            attach_discharges(con, path)
    finally:
        con.close()


def test_the_code_lists_are_those_of_the_definitions():
    # ascof-definitions.md §2.3.4, written out by hand.
    lists = discharge_code_lists()
    assert lists["admission_method"]["codes"] == ["31", "32", "82", "83"]
    assert lists["discharge_method"]["codes"] == ["4", "5"]
    assert lists["discharge_destination"]["codes"] == ["49", "50", "51", "52", "79", "87", "88"]
    assert set(lists["treatment_function"]["codes"]) == {
        "199", "223", "290", "291", "331", "344", "345", "346", "424", "499", "501", "504", "560",
        "660", "661", "662", "840", "920"}
    assert lists["treatment_function"]["prefixes"] == ["65", "7"]
    assert lists["readmission_management_type"]["codes"] == ["EM", "NE"]


def test_the_pre_filtered_layout_still_reads(tmp_path, files):
    # Today's layout: the code lists applied before (Qualifying yes/no, blank = yes), age as a
    # number, an emergency flag. Q-yes and Q-blank count; Q-no is set aside for its Qualifying
    # column; Q-64 is under 65. No Last_Episode_In_Spell column: every row is a spell.
    columns = ["Spell_ID", "NHS_Number", "Resident_LA_Code", "Admission_Date", "Discharge_Date", "Age_At_Discharge",
               "Qualifying", "Emergency_Admission"]
    rows = [dict(zip(columns, values)) for values in [
        ("Q-yes", "N-q1", RULES, "2024-06-01", "2024-06-10", "70", "Y", "N"),
        ("Q-blank", "N-q2", RULES, "2024-06-01", "2024-06-10", "70", "", "Y"),
        ("Q-no", "N-q3", RULES, "2024-06-01", "2024-06-10", "70", "N", "N"),
        ("Q-64", "N-q4", RULES, "2024-06-01", "2024-06-10", "64", "Y", "N"),
    ]]
    result = run_2d(files[0], write_csv(tmp_path / "spells.csv", columns, rows))
    assert [(spell_id, reason) for spell_id, reason, _ in result["rows"]] == [
        ("Q-yes", None), ("Q-blank", None), ("Q-no", "not qualifying (Qualifying column: code lists applied before)"),
        ("Q-64", "under 65 at discharge")]


def test_absent_columns_are_named_for_the_notes_with_what_they_mean(tmp_path):
    # Neither the Qualifying column nor the SUS code columns: every spell is taken as passing the
    # lists, and the notes must say so; no management type or emergency flag: no readmission.
    columns = ["NHS_Number", "Resident_LA_Code", "Admission_Date", "Discharge_Date", "Age_At_Discharge"]
    row = dict(zip(columns, ("N1", RULES, "2024-06-01", "2024-06-10", "70")))
    path = write_csv(tmp_path / "spells.csv", columns, [row])
    con = connect()
    try:
        absent = attach_discharges(con, path)
    finally:
        con.close()
    assert absent == ["Spell_ID", "Date_of_Death", "Management_Type or Emergency_Admission",
                      "Qualifying (or Admission_Method, Discharge_Method, Discharge_Destination, "
                      "Treatment_Function_Code)"]
    cld = write_csv(tmp_path / "cld.csv", list(COLUMNS), WINDOW_CLD)
    notes = compute_measures([cld], PERIOD, discharges=path, population={WINDOW: {"18-64": 1, "65 and over": 1}})["notes"]
    assert "discharges file: column Management_Type or Emergency_Admission absent: no emergency readmission " \
           "can be found, so none fails 2D1" in notes
    assert any(note.startswith("discharges file: column Qualifying (or ") and
               note.endswith("absent: every spell is taken as passing the national code lists") for note in notes)
