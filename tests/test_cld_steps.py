"""Each SQL step of the CLD method on its own: it runs alone on hand-made input tables, and it
transpiles to Spark SQL (sqlglot) so a national team can run the same steps on a cluster."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel

from ascof_xl.cld.load import connect
from ascof_xl.cld.steps import FUNCTIONS, run_step, step_names, step_sql
from ascof_xl.cld.values import open_fields

# Functions Spark has that sqlglot reads as unknown ("anonymous") calls: make_date (Spark 3.0+).
SPARK_FUNCTIONS_SQLGLOT_DOES_NOT_KNOW = {"MAKE_DATE"}
# The method's own functions, defined in FUNCTIONS (a Spark port registers each body as a SQL function).
METHOD_FUNCTIONS = {"TRIM_TEXT", "CLEAN_TEXT", "READ_WHOLE", "DATE_TEXT", "CALENDAR_DATE", "READ_DATE", "CLOCK_OF",
                    "READ_TIMESTAMP", "AGE_AT", "AGE_BAND", "BIRTH_DATE_OF", "SERVICE_RANK", "OUTSIDE_PERIOD"}


@pytest.mark.parametrize("name", step_names())
def test_step_transpiles_to_spark(name):
    spark = sqlglot.transpile(step_sql(name), read="duckdb", write="spark", unsupported_level=ErrorLevel.RAISE)
    assert len(spark) == 1
    tree = sqlglot.parse_one(spark[0], read="spark")
    assert isinstance(tree, (exp.Select, exp.Union))
    unknown = {call.name.upper() for call in tree.find_all(exp.Anonymous)}
    assert unknown <= SPARK_FUNCTIONS_SQLGLOT_DOES_NOT_KNOW | METHOD_FUNCTIONS, f"{name}: not Spark functions: {unknown}"


def test_method_functions_are_macros_whose_bodies_transpile_to_spark():
    statements = [s for name in FUNCTIONS for s in sqlglot.parse(step_sql(name), read="duckdb")]
    names = set()
    for statement in statements:
        assert isinstance(statement, exp.Create) and statement.args["kind"] == "MACRO"
        names.add(statement.this.this.name.upper())
        body = statement.expression.sql(dialect="spark", unsupported_level=ErrorLevel.RAISE)
        unknown = {call.name.upper() for call in sqlglot.parse_one(body, read="spark").find_all(exp.Anonymous)}
        assert unknown <= SPARK_FUNCTIONS_SQLGLOT_DOES_NOT_KNOW | names  # earlier functions may be called
    assert names == METHOD_FUNCTIONS


@pytest.mark.parametrize(("born", "on", "age", "band"), [
    # Born in January 2007: the date of birth is 2007-01-01; 2025-01-01 is 6,575 days on (five leap
    # days), 6575 / 365.25 = 18.001, so 18; the day before, 6,574 / 365.25 = 17.998, so 17.
    ((2007, 1), date(2025, 1, 1), 18, "18-64"),
    ((2007, 1), date(2024, 12, 31), 17, "under 18"),
    # Born in April 1959: 1959-04-01 to 2024-04-01 is 23,742 days (16 leap days), / 365.25 = 65.002.
    ((1959, 4), date(2024, 4, 1), 65, "65 and over"),
    ((1959, 4), date(2024, 3, 31), 64, "18-64"),
    ((None, 4), date(2024, 4, 1), None, None),
])
def test_age_is_whole_365_25_day_years_from_the_first_of_the_birth_month(con, born, on, age, band):
    got = con.execute("SELECT age_at(birth_date_of(?, ?), ?), age_band(age_at(birth_date_of(?, ?), ?))",
                      [*born, on, *born, on]).fetchone()
    assert got == (age, band)


def test_open_fields_of_the_typed_step_are_those_of_the_value_map():
    passed_through = set(re.findall(r"COALESCE\(m_(\w+), \1\)", step_sql("typed.sql")))
    assert passed_through == set(open_fields())


@pytest.fixture()
def con():
    connection = connect()
    yield connection
    connection.close()


def test_trimmed_and_typed_steps_alone_read_dates_numbers_and_values(con):
    con.execute("""CREATE VIEW cld_raw AS SELECT * FROM (VALUES
        ('f.csv', 1, ' E1 ', NULL, NULL, NULL, 'p1', 'r1', NULL, NULL, '1950.0', '13', '05/06/2024',
         '2024-06-30 00:00:00', 'soon', '2024-04-01', '2025-03-31', 'carer', ' REVIEW', 'Long Term Support: Nursing Care',
         'Cash', 'nfa - moved to another la', 'Unknown - presumed at home', ' day care ', 'male', NULL)
    ) AS t(source_file, row_id, LA_Code, LA_Name, Der_NHS_Number_Traced_Pseudo, Der_NHS_Number_Pseudo,
           LA_Person_Unique_Identifier, Event_Reference, Request_Route_of_Access, Assessment_Type, Der_Birth_Year,
           Der_Birth_Month, Event_Start_Date, Event_End_Date, Date_of_Death, Reporting_Period_Start_Date,
           Reporting_Period_End_Date, Client_Type, Event_Type, Service_Type, Delivery_Mechanism, Event_Outcome,
           Accommodation_Status, Service_Component, Gender, Primary_Support_Reason)""")
    run_step(con, "cld_trimmed", "trimmed.sql")
    run_step(con, "cld_typed", "typed.sql")
    cursor = con.execute("SELECT * FROM cld_typed")
    got = dict(zip([c[0] for c in cursor.description], cursor.fetchone()))
    assert got["LA_Code"] == "E1"
    assert (got["Der_Birth_Year"], got["bad_Der_Birth_Year"]) == (1950, False)
    assert got["bad_Der_Birth_Month"] and got["Der_Birth_Month"] is None  # 13 is no month
    assert got["Event_Start_Date"] == date(2024, 6, 5)  # dd/mm/yyyy
    assert got["Event_End_Date"] == date(2024, 6, 30)
    assert got["bad_Date_of_Death"]
    assert got["Client_Type"] == "Unpaid carer"  # release 1 'Carer'
    assert got["Event_Type"] == "Review"
    assert got["Service_Type"] == "Long term support: Nursing care"
    assert got["Delivery_Mechanism"] is None and got["bad_Delivery_Mechanism"]
    assert got["Event_Outcome"] == "NFA: Responsibility moved to another local authority"
    assert got["Accommodation_Status"] == "Unknown: presumed at home"
    assert got["Service_Component"] == "day care"  # open field: kept as written, trimmed
    assert got["Gender"] == "Male"


def test_clusters_step_alone(con):
    # One person: ST-Max 1-10 June and 15-20 June (gap 5: one cluster), 29 June - 3 July (gap 9: a
    # new cluster), each with its outcome; plus a non-ST-Max service that must not join.
    con.execute("""CREATE TABLE events AS SELECT * FROM (VALUES
        (1, 'E1', 'p', 'Service user', 'Service', DATE '2024-06-01', DATE '2024-06-10', 'NFA: Other',
         'Short term support: ST-Max', 'Reablement'),
        (2, 'E1', 'p', 'Service user', 'Service', DATE '2024-06-15', DATE '2024-06-20', 'NFA: Support declined',
         'Short term support: ST-Max', 'Equipment'),
        (3, 'E1', 'p', 'Service user', 'Service', DATE '2024-06-29', DATE '2024-07-03', 'NFA: Other',
         'Short term support: ST-Max', 'Reablement'),
        (4, 'E1', 'p', 'Service user', 'Service', DATE '2024-06-11', NULL, NULL,
         'Long term support: Community', NULL)
    ) AS t(row_id, LA_Code, person_id, Client_Type, Event_Type, Event_Start_Date, Der_Event_End_Date,
           Event_Outcome, Service_Type, Service_Component)""")
    run_step(con, "clusters", "clusters.sql")
    got = con.execute("SELECT kind, cluster_start, cluster_end, cluster_outcome FROM clusters "
                      "ORDER BY kind, cluster_start").fetchall()
    assert got == [
        ("2A", date(2024, 6, 1), date(2024, 6, 20), "NFA: Support declined"),
        ("2A", date(2024, 6, 29), date(2024, 7, 3), "NFA: Other"),
        ("2D", date(2024, 6, 1), date(2024, 6, 10), "NFA: Other"),  # Reablement only: 15-20 June is not
        ("2D", date(2024, 6, 29), date(2024, 7, 3), "NFA: Other"),
    ]


def test_unique_events_step_alone_keeps_the_latest_submission(con):
    con.execute("""CREATE TABLE events_cropped AS SELECT * FROM (VALUES
        ('f', 1, 'E1', 'p', 'Service user', 'Service', 'r', DATE '2024-05-01', NULL, NULL,
         'Continuation of support or services', NULL, NULL, 'Long term support: Community', NULL,
         'CASSR commissioned support', DATE '2024-04-01', DATE '2024-06-30', 'Male', NULL, NULL, NULL, 1950, 1),
        ('f', 2, 'E1', 'p', 'Service user', 'Service', 'r', DATE '2024-05-01', NULL, NULL,
         'Continuation of support or services', NULL, NULL, 'Long term support: Community', NULL,
         'Direct payment', DATE '2024-07-01', DATE '2024-09-30', 'Male', NULL, NULL, NULL, 1950, 1),
        ('f', 3, 'E1', 'p', 'Service user', 'Request', 'q', DATE '2024-05-01', DATE '2024-05-02',
         DATE '2024-05-02', 'NFA: Other', NULL, NULL, NULL, NULL, NULL, DATE '2024-04-01', DATE '2024-06-30',
         'Male', NULL, NULL, NULL, 1950, 1)
    ) AS t(source_file, row_id, LA_Code, person_id, Client_Type, Event_Type, Event_Reference, Event_Start_Date,
           Event_End_Date, Der_Event_End_Date, Event_Outcome, Request_Route_of_Access, Assessment_Type,
           Service_Type, Service_Component, Delivery_Mechanism, Reporting_Period_Start_Date,
           Reporting_Period_End_Date, Gender, Accommodation_Status, Primary_Support_Reason, Date_of_Death,
           Der_Birth_Year, Der_Birth_Month)""")
    run_step(con, "events", "unique_events.sql")
    got = con.execute("SELECT row_id, Delivery_Mechanism FROM events ORDER BY row_id").fetchall()
    assert got == [(2, "Direct payment"), (3, None)]
