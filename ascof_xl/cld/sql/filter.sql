-- Step 3, events in their submission's period, with the derived end date (DHSC FilterToEventsInPeriod).
-- Der_Event_End_Date is the date of death when the person died during the event (start <= death <=
-- end, or death after the start of an open event); otherwise the recorded end.
-- drop_reason (NULL when kept):
--   a death before the reporting period or before the event's start drops the row;
--   requests, assessments and reviews need start <= period end and a derived end inside the period;
--   services need start <= period end and a derived end on or after the period start, or none.
-- Input: cld_checked. Output: events_filtered (usable rows, the columns the later steps use).
WITH derived AS (
    SELECT
        c.*,
        CASE
            WHEN c.Date_of_Death >= c.Event_Start_Date AND c.Date_of_Death <= c.Event_End_Date THEN c.Date_of_Death
            WHEN c.Date_of_Death > c.Event_Start_Date AND c.Event_End_Date IS NULL THEN c.Date_of_Death
            ELSE c.Event_End_Date
        END AS Der_Event_End_Date
    FROM cld_checked AS c
    WHERE c.set_aside IS NULL
)
SELECT
    d.source_file, d.row_id, d.LA_Code, d.LA_Person_Unique_Identifier, d.person_id, d.Client_Type,
    d.Event_Type, d.Event_Reference, d.Event_Start_Date, d.Event_End_Date, d.Der_Event_End_Date,
    d.Event_Outcome, d.Request_Route_of_Access, d.Assessment_Type, d.Service_Type, d.Service_Component,
    d.Delivery_Mechanism, d.Reporting_Period_Start_Date, d.Reporting_Period_End_Date,
    CASE
        WHEN d.Date_of_Death < d.Reporting_Period_Start_Date OR d.Date_of_Death < d.Event_Start_Date
            THEN 'died before the reporting period or the event start'
        WHEN d.Event_Start_Date > d.Reporting_Period_End_Date
            THEN 'outside its submission''s reporting period'
        WHEN d.Event_Type <> 'Service'
             AND (d.Der_Event_End_Date IS NULL
                  OR d.Der_Event_End_Date < d.Reporting_Period_Start_Date
                  OR d.Der_Event_End_Date > d.Reporting_Period_End_Date)
            THEN 'outside its submission''s reporting period'
        WHEN d.Event_Type = 'Service' AND d.Der_Event_End_Date < d.Reporting_Period_Start_Date
            THEN 'outside its submission''s reporting period'
    END AS drop_reason
FROM derived AS d
