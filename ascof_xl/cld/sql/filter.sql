-- Step 3, events in the period their submission supplies, with the derived end date (DHSC
-- FilterToEventsInPeriod over the joined submissions).
-- Each row's reporting period becomes the span of the quarters its submission wins (submissions.sql):
-- Reporting_Period_Start_Date and Reporting_Period_End_Date below are that span, which later steps
-- (cropping, unique events) read as the row's period.
-- Der_Event_End_Date is the date of death when the person died during the event (start <= death <=
-- end, or death after the start of an open event); otherwise the recorded end.
-- drop_reason (NULL when kept), the first that applies:
--   the submission wins no quarter (a later one covers them): its reason from submissions.sql;
--   a death before the period or before the event's start drops the row;
--   outside the submission's stated period: requests, assessments and reviews need start <= period
--   end and a derived end inside the period; services need start <= period end and a derived end on
--   or after the period start, or none;
--   inside the stated period but outside the quarters the submission wins (the same test): a later
--   submission covers that quarter.
-- Input: cld_checked, submissions. Output: events_filtered (usable rows, the columns later steps use).
WITH derived AS (
    SELECT
        c.*,
        s.Used_Period_Start_Date, s.Used_Period_End_Date, s.superseded, s.lost_quarter_reason,
        CASE
            WHEN c.Date_of_Death >= c.Event_Start_Date AND c.Date_of_Death <= c.Event_End_Date THEN c.Date_of_Death
            WHEN c.Date_of_Death > c.Event_Start_Date AND c.Event_End_Date IS NULL THEN c.Date_of_Death
            ELSE c.Event_End_Date
        END AS Der_Event_End_Date
    FROM cld_checked AS c
    LEFT JOIN submissions AS s
        ON s.source_file = c.source_file AND s.LA_Code = c.LA_Code
       AND s.Reporting_Period_Start_Date = c.Reporting_Period_Start_Date
       AND s.Reporting_Period_End_Date = c.Reporting_Period_End_Date
    WHERE c.set_aside IS NULL
)
SELECT
    d.source_file, d.row_id, d.LA_Code, d.LA_Person_Unique_Identifier, d.person_id, d.Client_Type,
    d.Event_Type, d.Event_Reference, d.Event_Start_Date, d.Event_End_Date, d.Der_Event_End_Date,
    d.Event_Outcome, d.Request_Route_of_Access, d.Assessment_Type, d.Service_Type, d.Service_Component,
    d.Delivery_Mechanism, d.Used_Period_Start_Date AS Reporting_Period_Start_Date,
    d.Used_Period_End_Date AS Reporting_Period_End_Date,
    CASE
        WHEN d.superseded IS NOT NULL THEN d.superseded
        WHEN d.Date_of_Death < d.Used_Period_Start_Date OR d.Date_of_Death < d.Event_Start_Date
            THEN 'died before the reporting period or the event start'
        WHEN d.Event_Start_Date > d.Reporting_Period_End_Date
             OR (d.Event_Type <> 'Service'
                 AND (d.Der_Event_End_Date IS NULL
                      OR d.Der_Event_End_Date < d.Reporting_Period_Start_Date
                      OR d.Der_Event_End_Date > d.Reporting_Period_End_Date))
             OR (d.Event_Type = 'Service' AND d.Der_Event_End_Date < d.Reporting_Period_Start_Date)
            THEN 'outside its submission''s reporting period'
        WHEN d.Event_Start_Date > d.Used_Period_End_Date
             OR (d.Event_Type <> 'Service'
                 AND (d.Der_Event_End_Date IS NULL
                      OR d.Der_Event_End_Date < d.Used_Period_Start_Date
                      OR d.Der_Event_End_Date > d.Used_Period_End_Date))
             OR (d.Event_Type = 'Service' AND d.Der_Event_End_Date < d.Used_Period_Start_Date)
            THEN d.lost_quarter_reason
    END AS drop_reason
FROM derived AS d
