"""The CLD method rule by rule: small event histories built by hand, each count worked out by hand.

Each history sits in a council of its own (so one run of the method serves every test, and no
history can touch another), in the period 2024-04-01 to 2025-03-31; rows are one annual submission
unless a history says otherwise. Expected numerators and denominators come from the method note
(../shared/reference/cld-method.md), reasoned in each history's comments, never from the code.
"""

from __future__ import annotations

import csv
import itertools
from datetime import date, timedelta

import pytest

from ascof_xl.cld import compute_measures, parse_period
from ascof_xl.cld.quality import DUPLICATE
from ascof_xl.cld.synth import COLUMNS

PERIOD = parse_period("2024-04-01:2025-03-31")
HISTORIES: dict[str, list[dict]] = {}
_refs = itertools.count(1)


def history(build):
    """Register a history: its rows go to a council named after it (one council per history)."""
    code = f"E99{len(HISTORIES) + 1:06d}"
    HISTORIES[build.__name__] = [r | {"LA_Code": code} for r in build()]
    return build


def row(person: str, event_type: str, start: str, end: str = "", **fields: str) -> dict[str, str]:
    """One CLD row of a person born in January 1950 (aged 74 or 75 in the period) unless given."""
    base = {name: "" for name in COLUMNS} | {
        "LA_Code": "", "LA_Name": "Testshire", "LA_Person_Unique_Identifier": person,
        "Der_Birth_Year": "1950", "Der_Birth_Month": "1", "Client_Type": "Service user", "Gender": "Female",
        "Event_Type": event_type, "Event_Reference": f"R{next(_refs)}", "Event_Start_Date": start,
        "Event_End_Date": end, "Reporting_Period_Start_Date": "2024-04-01",
        "Reporting_Period_End_Date": "2025-03-31",
    }
    return base | fields


def st_max(person: str, start: str, end: str, outcome: str, **fields: str) -> dict[str, str]:
    return row(person, "Service", start, end, Service_Type="Short term support: ST-Max",
               Service_Component="Reablement", Event_Outcome=outcome, **fields)


def service(person: str, kind: str, start: str, end: str = "", **fields: str) -> dict[str, str]:
    return row(person, "Service", start, end, Service_Type=kind, **fields)


def days_before(day: str, n: int) -> str:
    return (date.fromisoformat(day) - timedelta(days=n)).isoformat()


def council_of(name: str) -> str:
    return HISTORIES[name][0]["LA_Code"]


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, dict]:
    """Every history in one extract, run as DHSC's code reads blanks and as its documents do."""
    path = tmp_path_factory.mktemp("cld") / "histories.csv"
    rows = [r for rows in HISTORIES.values() for r in rows]
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    population = {council_of(name): {"18-64": 100_000, "65 and over": 40_000} for name in HISTORIES}
    return {rule: compute_measures([path], PERIOD, population=population, code_nulls=(rule == "code"))
            for rule in ("code", "documents")}


def counts(runs: dict, name: str, rule: str = "code") -> dict:
    """{(measure, part): (numerator, denominator, outcome)} for one history's council."""
    result = runs[rule]
    assert result["quality"]["balanced"]
    return {(r["measure"], r["disaggregation"]): (r["numerator"], r["denominator"], r["outcome"])
            for r in result["rows"] if r["council"] == council_of(name)}


def quality(runs: dict, name: str) -> dict:
    return runs["code"]["quality"]["councils"][council_of(name)]


# --- 2A ------------------------------------------------------------------------------------------

@history
def seven_day_gap_joins_a_cluster_and_eight_days_starts_a_new_one():
    # A: second episode starts 7 days after the first ends -> one cluster ending 06-30 whose outcome
    #    (the row ending last) is 'Support declined': excluded from both counts.
    # B: 8 days -> two clusters: 'NFA: Other' (numerator) and 'Support declined' (excluded).
    rows = [
        st_max("A", "2024-06-01", "2024-06-10", "NFA: Other"),
        st_max("A", "2024-06-17", "2024-06-30", "NFA: Support declined"),
        st_max("B", "2024-06-01", "2024-06-10", "NFA: Other"),
        st_max("B", "2024-06-18", "2024-06-30", "NFA: Support declined"),
    ]
    return rows


def test_seven_day_gap_joins_a_cluster_and_eight_days_starts_a_new_one(runs):
    got = counts(runs, "seven_day_gap_joins_a_cluster_and_eight_days_starts_a_new_one")
    assert got[("2A", "Total")] == (1, 1, 100.0)
    assert got[("2A", "65 and over")] == (1, 1, 100.0)


@history
def long_term_service_ending_under_91_days_before_makes_the_client_not_new():
    # Clusters start 2024-10-01. A long-term service that ended 90 days before -> not a new client;
    # 91 and 92 days before -> new clients, both counted with sequel 'NFA: Other': 2 / 2.
    cluster_start = "2024-10-01"
    rows = []
    for person, gap in (("C90", 90), ("C91", 91), ("C92", 92)):
        rows.append(service(person, "Long term support: Community", "2024-04-15", days_before(cluster_start, gap),
                            Event_Outcome="NFA: Support ended as planned"))
        rows.append(st_max(person, cluster_start, "2024-10-20", "NFA: Other"))
    return rows


def test_long_term_service_ending_under_91_days_before_makes_the_client_not_new(runs):
    got = counts(runs, "long_term_service_ending_under_91_days_before_makes_the_client_not_new")
    assert got[("2A", "Total")] == (2, 2, 100.0)


@history
def death_within_seven_days_of_the_cluster_end_is_deceased():
    # E dies 7 days after the cluster ends -> 'NFA: Deceased', excluded; F dies 8 days after ->
    # the cluster's 'NFA: Other' stands: 1 / 1. G dies during the episode (end becomes the death).
    rows = [
        st_max("E", "2024-06-01", "2024-06-20", "NFA: Other", Date_of_Death="2024-06-27"),
        st_max("F", "2024-06-01", "2024-06-20", "NFA: Other", Date_of_Death="2024-06-28"),
        st_max("G", "2024-06-01", "2024-06-20", "NFA: Other", Date_of_Death="2024-06-15"),
    ]
    return rows


def test_death_within_seven_days_of_the_cluster_end_is_deceased(runs):
    got = counts(runs, "death_within_seven_days_of_the_cluster_end_is_deceased")
    assert got[("2A", "Total")] == (1, 1, 100.0)


@history
def sequel_hierarchy():
    # Every cluster runs 07-01 to 07-20.
    # G: ongoing low level (07-21) and long-term community (07-25) follow: community ranks higher
    #    -> denominator only.
    # H: a request 07-22 to 07-23 ends 'Admitted to hospital' (rank 6), beating the cluster's
    #    'NFA: Other' (17) -> excluded.
    # I: the cluster ends 'Admitted to hospital': rule 2 comes before the ongoing low level service
    #    that follows -> excluded.
    # J: other short term with a short term residential care component follows ->
    #    'Short term support: Residential or Nursing care' -> denominator only.
    # K: the cluster's outcome cannot be classified; a review nested in it, ending 5 days before its
    #    end, says information and advice -> numerator.
    # L: unclassifiable outcome; an Equipment service nested in the cluster -> ongoing low level ->
    #    numerator.
    # M: 'Continuation of support or services' and nothing else -> excluded.
    low = "Short term support: Ongoing low level"
    rows = [
        st_max("G", "2024-07-01", "2024-07-20", "NFA: Other"),
        service("G", low, "2024-07-21", "2024-09-30"),
        service("G", "Long term support: Community", "2024-07-25"),
        st_max("H", "2024-07-01", "2024-07-20", "NFA: Other"),
        row("H", "Request", "2024-07-22", "2024-07-23", Event_Outcome="Admitted to hospital"),
        st_max("I", "2024-07-01", "2024-07-20", "Admitted to hospital"),
        service("I", low, "2024-07-21", "2024-09-30"),
        st_max("J", "2024-07-01", "2024-07-20", "NFA: Other"),
        service("J", "Short term support: Other short term", "2024-07-22", "2024-08-30",
                Service_Component="Short term residential care"),
        st_max("K", "2024-07-01", "2024-07-20", "Progress to support planning or services"),
        row("K", "Review", "2024-07-05", "2024-07-15", Event_Outcome="NFA: Information and advice or signposting"),
        st_max("L", "2024-07-01", "2024-07-20", "Progress to support planning or services"),
        service("L", "Short term support: Other short term", "2024-07-02", "2024-07-10", Service_Component="Equipment"),
        st_max("M", "2024-07-01", "2024-07-20", "Continuation of support or services"),
    ]
    return rows


def test_sequel_hierarchy(runs):
    got = counts(runs, "sequel_hierarchy")
    assert got[("2A", "Total")] == (2, 4, 50.0)


@history
def ages_of_exactly_18_and_65_at_the_cluster_end():
    # Age = FLOOR(days from the 1st of the birth month / 365.25) at the cluster end.
    # Born June 2006, cluster ends 2024-06-01: 6575 days -> 18.001 -> 18, counted (18-64).
    # Born June 2006, ends 2024-05-31: 6574 days -> 17.998 -> 17, left out.
    # Born July 1959, ends 2024-07-01: 23742 days -> 65.003 -> 65 and over.
    # Born July 1959, ends 2024-06-30: 23741 days -> 64.999 -> 18-64.
    rows = [
        st_max("Q", "2024-05-20", "2024-06-01", "NFA: Other", Der_Birth_Year="2006", Der_Birth_Month="6"),
        st_max("R", "2024-05-20", "2024-05-31", "NFA: Other", Der_Birth_Year="2006", Der_Birth_Month="6"),
        st_max("S", "2024-06-20", "2024-07-01", "NFA: Other", Der_Birth_Year="1959", Der_Birth_Month="7"),
        st_max("T", "2024-06-20", "2024-06-30", "NFA: Other", Der_Birth_Year="1959", Der_Birth_Month="7"),
    ]
    return rows


def test_ages_of_exactly_18_and_65_at_the_cluster_end(runs):
    got = counts(runs, "ages_of_exactly_18_and_65_at_the_cluster_end")
    assert got[("2A", "Total")] == (3, 3, 100.0)
    assert got[("2A", "18-64")] == (2, 2, 100.0)
    assert got[("2A", "65 and over")] == (1, 1, 100.0)


# --- 2B / 2C -------------------------------------------------------------------------------------

@history
def earlier_stay_ending_364_days_before_makes_the_admission_not_new():
    # Admissions on 2025-01-10 of people aged 75; their earlier stays (from the 2023-24 submission)
    # ended 364, 365 and 366 days before. Under 365 days -> not new: 2 new admissions of 65+.
    # 2C = 2 / 40,000 x 100,000 = 5.0.
    admission = "2025-01-10"
    earlier = {"Reporting_Period_Start_Date": "2023-04-01", "Reporting_Period_End_Date": "2024-03-31"}
    rows = []
    for person, gap in (("N364", 364), ("N365", 365), ("N366", 366)):
        rows.append(service(person, "Long term support: Residential care", "2023-06-01",
                            days_before(admission, gap), Service_Component="Residential care", **earlier))
        rows.append(service(person, "Long term support: Residential care", admission,
                            Service_Component="Residential care"))
    return rows


def test_earlier_stay_ending_364_days_before_makes_the_admission_not_new(runs):
    got = counts(runs, "earlier_stay_ending_364_days_before_makes_the_admission_not_new")
    assert got[("2C", "Total")] == (2, 40_000, 5.0)
    assert got[("2B", "Total")] == (0, 100_000, 0.0)


@history
def self_funded_admission_and_the_blank_component_switch():
    # People aged 44. P1 self-funded -> not counted; P2 blank outcome -> counted; P3 has no
    # component: DHSC's code drops it (NOT LIKE on NULL), its documents keep it.
    adult = {"Der_Birth_Year": "1980", "Der_Birth_Month": "1"}
    rows = [
        service("P1", "Long term support: Residential care", "2024-08-01", Service_Component="Residential care",
                Event_Outcome="NFA: Self-funded client or under 12wk disregard", **adult),
        service("P2", "Long term support: Residential care", "2024-08-01", Service_Component="Residential care",
                **adult),
        service("P3", "Long term support: Nursing care", "2024-08-01", **adult),
    ]
    return rows


def test_self_funded_admission_and_the_blank_component_switch(runs):
    got = counts(runs, "self_funded_admission_and_the_blank_component_switch")
    assert runs["code"]["null_rule"] == "code"
    assert got[("2B", "Total")] == (1, 100_000, 1.0)
    got = counts(runs, "self_funded_admission_and_the_blank_component_switch", "documents")
    assert runs["documents"]["null_rule"] == "documents"
    assert got[("2B", "Total")] == (2, 100_000, 2.0)


# --- 2E ------------------------------------------------------------------------------------------

@history
def settled_accommodation_imputed_from_home_support():
    # 65+ in long-term support: U home support, no accommodation -> 'presumed at home' (settled);
    # V day care -> 'presumed in community' (not settled); W owner occupier (settled); X nursing,
    # no accommodation -> nursing home (not settled); Y 'Unknown' with extra care housing ->
    # sheltered housing (settled). 2E2B = 3 / 5. Z is 34 with a learning disability, private tenant:
    # 2E1 and 2E2A = 1 / 1.
    community = "Long term support: Community"
    rows = [
        service("U", community, "2024-05-01", Service_Component="HOME SUPPORT OR DOMICILIARY CARE "),
        service("V", community, "2024-05-01", Service_Component="Day care"),
        service("W", community, "2024-05-01", Accommodation_Status="owner occupier or shared ownership scheme"),
        service("X", "Long term support: Nursing care", "2024-05-01"),
        service("Y", community, "2024-05-01", Accommodation_Status="Unknown", Service_Component="Extra care housing"),
        service("Z", community, "2024-05-01", Der_Birth_Year="1990", Gender="Male",
                Primary_Support_Reason="learning disability support", Accommodation_Status="Tenant: Private landlord"),
    ]
    return rows


def test_settled_accommodation_imputed_from_home_support(runs):
    got = counts(runs, "settled_accommodation_imputed_from_home_support")
    assert got[("2E2B", "Total")] == (3, 5, 60.0)
    assert got[("2E2B", "Female")] == (3, 5, 60.0)
    assert got[("2E2B", "Male")][:2] == (0, 0)
    assert got[("2E1", "Total")] == (1, 1, 100.0)
    assert got[("2E2A", "Male")] == (1, 1, 100.0)
    # DHSC's 2E data-quality count: U and V only presumed from their service (U's counts as settled).
    notes = {(r["measure"], r["disaggregation"]): r["note"] for r in runs["code"]["rows"]
             if r["council"] == council_of("settled_accommodation_imputed_from_home_support")}
    assert notes[("2E2B", "Total")] == "accommodation unknown, or only presumed at home or in the community, for 2 of 5"
    assert notes[("2E1", "Total")] == ""


# --- 3D ------------------------------------------------------------------------------------------

@history
def direct_payment_against_managed_personal_budget():
    # Clients aged 44 with services open at 2025-03-31. Community: A direct payment, B managed
    # personal budget, C commissioned, D 'Direct payment' component with no mechanism (reads as a
    # direct payment). E also has nursing care (best setting nursing: out of scope); F prison (out).
    # 3D1A = 3 / 4 = 75.0; 3D2A = 2 / 4 = 50.0.
    community, adult = "Long term support: Community", {"Der_Birth_Year": "1980"}
    rows = [
        service("A", community, "2024-05-01", Delivery_Mechanism="Direct payment", **adult),
        service("B", community, "2024-05-01", Delivery_Mechanism="CASSR managed personal budget", **adult),
        service("C", community, "2024-05-01", Delivery_Mechanism="CASSR commissioned support", **adult),
        service("D", community, "2024-05-01", Service_Component="Direct payment", **adult),
        service("E", community, "2024-05-01", Delivery_Mechanism="Direct payment", **adult),
        service("E", "Long term support: Nursing care", "2024-06-01", **adult),
        service("F", "Long term support: Prison", "2024-05-01", Delivery_Mechanism="Direct payment", **adult),
    ]
    return rows


def test_direct_payment_against_managed_personal_budget(runs):
    got = counts(runs, "direct_payment_against_managed_personal_budget")
    assert got[("3D1A", "Total")] == (3, 4, 75.0)
    assert got[("3D2A", "Total")] == (2, 4, 50.0)
    assert got[("3D2A", "18-64")] == (2, 4, 50.0)


@history
def carers_direct_payment_and_the_blank_component_trap():
    # Carers (release 1 client type 'Carer'). CA direct payment (1); CB managed personal budget
    # with no component: DHSC's code gives no category, its documents category 2; CC commissioned
    # (3); CD information and advice only (5); CE direct to carer, no mechanism (4).
    # Code: denominator {CA, CC} = 2, 3D1B 1 / 2, 3D2B 1 / 2.
    # Documents: denominator {CA, CB, CC} = 3, 3D1B 2 / 3 = 66.7, 3D2B 1 / 3 = 33.3.
    direct = "Unpaid carer support: Direct to unpaid carer"
    carer = {"Client_Type": "Carer", "Der_Birth_Year": "1970"}
    rows = [
        service("CA", direct, "2024-06-01", "2024-06-01", Delivery_Mechanism="Direct payment", **carer),
        service("CB", direct, "2024-06-01", "2024-06-01", Delivery_Mechanism="CASSR managed personal budget", **carer),
        service("CC", direct, "2024-06-01", "2024-06-01", Delivery_Mechanism="CASSR commissioned support",
                Service_Component="Carer break", **carer),
        row("CD", "Request", "2024-06-01", "2024-06-02", Event_Outcome="NFA: Information and advice or signposting",
            **carer),
        service("CE", direct, "2024-06-01", "2024-06-01", Service_Component="Carer break", **carer),
    ]
    return rows


def test_carers_direct_payment_and_the_blank_component_trap(runs):
    got = counts(runs, "carers_direct_payment_and_the_blank_component_trap")
    assert got[("3D1B", "Total")] == (1, 2, 50.0)
    assert got[("3D2B", "Total")] == (1, 2, 50.0)
    got = counts(runs, "carers_direct_payment_and_the_blank_component_trap", "documents")
    assert got[("3D1B", "Total")] == (2, 3, 66.7)
    assert got[("3D2B", "Total")] == (1, 3, 33.3)


@history
def carers_by_age_at_the_period_end():
    # Carers' ages at 2025-03-31: KA born January 1950, 75 (65 and over), direct payment (1);
    # KB born January 2008, 17 (under 18: Total only), commissioned (3); KC no birth year (Total
    # only), direct payment (1); KD born January 1980, 45 (18-64), managed personal budget (2).
    # Total: denominator 4; 3D1B {KA, KC, KD} 3 / 4 = 75.0; 3D2B {KA, KC} 2 / 4 = 50.0.
    # 18-64: KD: 3D1B 1 / 1 = 100.0, 3D2B 0 / 1 = 0.0. 65 and over: KA: 1 / 1 both.
    direct = "Unpaid carer support: Direct to unpaid carer"
    carer = {"Client_Type": "Unpaid carer"}
    return [
        service("KA", direct, "2024-06-01", "2024-06-01", Delivery_Mechanism="Direct payment",
                Der_Birth_Year="1950", **carer),
        service("KB", direct, "2024-06-01", "2024-06-01", Delivery_Mechanism="CASSR commissioned support",
                Service_Component="Carer break", Der_Birth_Year="2008", **carer),
        service("KC", direct, "2024-06-01", "2024-06-01", Delivery_Mechanism="Direct payment",
                Der_Birth_Year="", **carer),
        service("KD", direct, "2024-06-01", "2024-06-01", Delivery_Mechanism="CASSR managed personal budget",
                Service_Component="Carer break", Der_Birth_Year="1980", **carer),
    ]


def test_carers_by_age_at_the_period_end(runs):
    got = counts(runs, "carers_by_age_at_the_period_end")
    assert got[("3D1B", "Total")] == (3, 4, 75.0)
    assert got[("3D2B", "Total")] == (2, 4, 50.0)
    assert got[("3D1B", "18-64")] == (1, 1, 100.0)
    assert got[("3D2B", "18-64")] == (0, 1, 0.0)
    assert got[("3D1B", "65 and over")] == (1, 1, 100.0)
    assert got[("3D2B", "65 and over")] == (1, 1, 100.0)


def test_an_empty_denominator_gives_no_outcome_and_says_why(runs):
    # The carers history above has no one of 18-64 or 65 and over in 2A: no outcome, and a note.
    rows = [r for r in runs["code"]["rows"] if r["council"] == council_of("carers_by_age_at_the_period_end")
            and (r["measure"], r["disaggregation"]) == ("2A", "18-64")]
    assert [(r["denominator"], r["outcome"]) for r in rows] == [(0, None)]
    assert rows[0]["note"].startswith("no one in the denominator")


# --- shared steps --------------------------------------------------------------------------------

@history
def same_event_in_two_submissions_is_kept_once_from_the_later():
    # S1 is open in the Q1 submission (commissioned) and again in the next one (now a direct
    # payment): one event, the later record kept -> 3D2A 1 / 1. S2 is open in Q1 only: it is
    # cropped at 2024-06-30, so not open at the period end and not in 3D.
    q1 = {"Reporting_Period_Start_Date": "2024-04-01", "Reporting_Period_End_Date": "2024-06-30"}
    q2 = {"Reporting_Period_Start_Date": "2024-07-01", "Reporting_Period_End_Date": "2025-03-31"}
    community = "Long term support: Community"
    rows = [
        service("P", community, "2024-05-01", Event_Reference="S1", Delivery_Mechanism="CASSR commissioned support",
                Der_Birth_Year="1980", **q1),
        service("P", community, "2024-05-01", Event_Reference="S1", Delivery_Mechanism="Direct payment",
                Der_Birth_Year="1980", **q2),
        service("Q", community, "2024-05-01", Event_Reference="S2", Delivery_Mechanism="Direct payment",
                Der_Birth_Year="1980", **q1),
    ]
    return rows


def test_same_event_in_two_submissions_is_kept_once_from_the_later(runs):
    got = counts(runs, "same_event_in_two_submissions_is_kept_once_from_the_later")
    assert got[("3D2A", "Total")] == (1, 1, 100.0)
    found = quality(runs, "same_event_in_two_submissions_is_kept_once_from_the_later")
    assert (found["rows_in"], found["rows_used"], found["rows_set_aside"]) == (3, 2, 1)
    assert found["set_aside"] == {DUPLICATE: 1}


@history
def mixed_case_and_release_1_values_are_read_as_release_2():
    # The same history as a counted 2A cluster, in odd case, padded, and in release 1 spellings.
    rows = [
        row("A", " SERVICE ", "2024-06-01", "2024-06-20", Client_Type="SERVICE USER",
            Service_Type="short term support: st-max ", Service_Component="reablement",
            Event_Outcome="NFA - Information & Advice / Signposting only"),
        row("B", "service", "2024-06-01", "2024-06-20", Client_Type="Service User",
            Service_Type="Short Term Support: ST-Max", Event_Outcome="Service ended as planned"),
    ]
    return rows


def test_mixed_case_and_release_1_values_are_read_as_release_2(runs):
    got = counts(runs, "mixed_case_and_release_1_values_are_read_as_release_2")
    assert got[("2A", "Total")] == (2, 2, 100.0)
    assert quality(runs, "mixed_case_and_release_1_values_are_read_as_release_2")["fields"] == {}


@history
def every_row_is_used_or_set_aside_with_its_reason():
    good = st_max("A", "2024-06-01", "2024-06-20", "NFA: Other")
    rows = [
        good,
        st_max("", "2024-06-01", "2024-06-20", "NFA: Other"),
        st_max("C", "yesterday", "2024-06-20", "NFA: Other"),
        st_max("D", "2024-06-21", "2024-06-20", "NFA: Other"),
        row("E", "Visit", "2024-06-01", "2024-06-02"),
        st_max("F", "2024-06-01", "2024-06-20", "NFA: Other", Reporting_Period_End_Date=""),
        row("G", "Request", "2023-01-01", "2023-01-02"),
    ]
    return rows


def test_every_row_is_used_or_set_aside_with_its_reason(runs):
    name = "every_row_is_used_or_set_aside_with_its_reason"
    got = counts(runs, name)
    found = quality(runs, name)
    # D's row ends before it starts: kept, as DHSC keeps it, and counted as a field problem; 2A's
    # build passes it over, so 2A is A's cluster alone.
    assert (found["rows_in"], found["rows_used"], found["rows_set_aside"]) == (7, 2, 5)
    visit = "event type blank or not recognised"
    assert found["set_aside"] == {
        "no person identifier": 1,
        "event start date blank or unreadable": 1,
        visit: 1,
        "reporting period dates blank, unreadable or reversed": 1,
        "outside its submission's reporting period": 1,
    }
    assert found["fields"] == {"Event_Start_Date: not a date": 1, "Event_Type: not a release 1 or 2 value": 1,
                               "Event_End_Date: before the event's start date (2A and 2E pass the row over)": 1}
    # The 'Visit' row is the fifth of this history; the extract holds the earlier histories first.
    order = list(HISTORIES)
    earlier = sum(len(HISTORIES[key]) for key in order[:order.index(name)])
    located = {(e["reason"], e["council"]): e["row"] for e in runs["code"]["quality"]["examples"]}
    assert located[(visit, council_of(name))] == earlier + 5
    assert got[("2A", "Total")] == (1, 1, 100.0)


@history
def end_before_start_is_read_as_dhsc_code_reads_it():
    # A: a residential admission on 2024-06-01 recorded as ending 2024-05-01. DHSC's 2B/2C build has
    # no end >= start test, so it is an admission (its component names residential care); A is 74 at
    # the start: 2C numerator 1.
    # B: a community service 2024-06-01 to 2024-05-01, B's only long-term service. 2E's cohort
    # needs end >= start: B is not in it, and 2E2B has no one.
    return [
        service("A", "Long term support: Residential care", "2024-06-01", "2024-05-01",
                Service_Component="Residential care"),
        service("B", "Long term support: Community", "2024-06-01", "2024-05-01",
                Accommodation_Status="Owner occupier or shared ownership scheme"),
    ]


def test_end_before_start_is_read_as_dhsc_code_reads_it(runs):
    got = counts(runs, "end_before_start_is_read_as_dhsc_code_reads_it")
    assert got[("2C", "Total")][0] == 1
    assert got[("2E2B", "Total")][:2] == (0, 0)
