-- Step 2, identity: who each row is about, and which rows cannot be used at all.
-- Person = traced NHS number, else the council's NHS number, else LA_Code + '_' + the council's own
-- person identifier; a person is always read within one council (LA_Code + person_id).
-- set_aside names the first reason a row cannot be used (NULL when it can); these rows are
-- counted in the quality report and take no part in any measure or in person details. (DHSC's code
-- would keep a row of an unrecognised event type as a non-service event; ascof-xl reports it.)
-- No person identifier: set aside, as DHSC's code has done since 2026-05-07.
-- A stated period ending after today (2099-12-31, say) is set aside, and reporting_periods.sql leaves
-- it out of the submissions, so it never supersedes a real one (checks.py reports it as an error).
-- An end date before the start date is not a reason: DHSC's code keeps such rows and each measure
-- applies its own test (2A and 2E require end >= start); end_before_start flags them for the
-- quality report.
-- The NHS numbers and council name are not kept: the person ID carries the one that counts.
-- Input: cld_typed. Output: cld_checked.
SELECT
    t.source_file, t.row_id, t.LA_Code, t.LA_Person_Unique_Identifier, t.Event_Reference,
    t.Request_Route_of_Access, t.Assessment_Type, t.Der_Birth_Year, t.bad_Der_Birth_Year,
    t.Der_Birth_Month, t.bad_Der_Birth_Month, t.Event_Start_Date, t.bad_Event_Start_Date,
    t.Event_End_Date, t.bad_Event_End_Date, t.Date_of_Death, t.bad_Date_of_Death,
    t.Reporting_Period_Start_Date, t.bad_Reporting_Period_Start_Date, t.Reporting_Period_End_Date,
    t.bad_Reporting_Period_End_Date, t.Client_Type, t.bad_Client_Type, t.Event_Type, t.bad_Event_Type,
    t.Service_Type, t.bad_Service_Type, t.Delivery_Mechanism, t.bad_Delivery_Mechanism, t.Event_Outcome,
    t.bad_Event_Outcome, t.Accommodation_Status, t.bad_Accommodation_Status, t.Service_Component,
    t.Gender, t.Primary_Support_Reason,
    t.Event_End_Date < t.Event_Start_Date AS end_before_start,
    COALESCE(t.Der_NHS_Number_Traced_Pseudo, t.Der_NHS_Number_Pseudo,
             CASE WHEN t.LA_Person_Unique_Identifier IS NOT NULL
                  THEN CONCAT(t.LA_Code, '_', t.LA_Person_Unique_Identifier) END) AS person_id,
    CASE
        WHEN t.LA_Code IS NULL THEN 'no council code (LA_Code blank)'
        WHEN t.Der_NHS_Number_Traced_Pseudo IS NULL AND t.Der_NHS_Number_Pseudo IS NULL
             AND t.LA_Person_Unique_Identifier IS NULL THEN 'no person identifier'
        WHEN t.Reporting_Period_End_Date > current_date THEN 'reporting period ends after today (a future date)'
        WHEN t.Reporting_Period_Start_Date IS NULL OR t.Reporting_Period_End_Date IS NULL
             OR t.Reporting_Period_End_Date < t.Reporting_Period_Start_Date
            THEN 'reporting period dates blank, unreadable or reversed'
        WHEN t.Event_Type IS NULL THEN 'event type blank or not recognised'
        WHEN t.Event_Start_Date IS NULL THEN 'event start date blank or unreadable'
        WHEN t.bad_Event_End_Date THEN 'event end date unreadable'
    END AS set_aside
FROM cld_typed AS t
