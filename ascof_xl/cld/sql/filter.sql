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
--   outside the period (outside_period, periods.sql). A row outside its submission's stated
--   period is 'outside its submission's reporting period'; one inside it but outside the quarters the submission wins
--   is in a quarter a later submission covers.
-- Cost: the tests against the stated period run on the scanned rows, before any join; only the
-- submissions that are superseded or win part of their period (affected, usually none) are joined,
-- and the span is tested again only for the rows of those that win part of it.
-- Input: cld_checked, submissions. Output: events_filtered (usable rows, the columns later steps use,
-- the person's details included: person_details.sql reads them from the kept events).
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
),
stated AS (
    SELECT
        d.*,
        CASE
            WHEN d.Date_of_Death < d.Reporting_Period_Start_Date OR d.Date_of_Death < d.Event_Start_Date
                THEN 'died before the reporting period or the event start'
            WHEN outside_period(d.Event_Type, d.Event_Start_Date, d.Der_Event_End_Date,
                                d.Reporting_Period_Start_Date, d.Reporting_Period_End_Date)
                THEN 'outside its submission''s reporting period'
        END AS stated_reason
    FROM derived AS d
),
affected AS (
    SELECT
        source_file, LA_Code, Reporting_Period_Start_Date, Reporting_Period_End_Date, Used_Period_Start_Date,
        Used_Period_End_Date, superseded, lost_quarter_reason
    FROM submissions
    WHERE superseded IS NOT NULL OR narrowed
),
joined AS (
    SELECT
        t.*,
        COALESCE(a.Used_Period_Start_Date, t.Reporting_Period_Start_Date) AS Used_Period_Start_Date,
        COALESCE(a.Used_Period_End_Date, t.Reporting_Period_End_Date) AS Used_Period_End_Date,
        a.superseded, a.lost_quarter_reason
    FROM stated AS t
    LEFT JOIN affected AS a
        ON a.source_file = t.source_file AND a.LA_Code = t.LA_Code
       AND a.Reporting_Period_Start_Date = t.Reporting_Period_Start_Date
       AND a.Reporting_Period_End_Date = t.Reporting_Period_End_Date
)
SELECT
    j.source_file, j.row_id, j.LA_Code, j.LA_Person_Unique_Identifier, j.person_id, j.Client_Type,
    j.Event_Type, j.Event_Reference, j.Event_Start_Date, j.Event_End_Date, j.Der_Event_End_Date,
    j.Event_Outcome, j.Request_Route_of_Access, j.Assessment_Type, j.Service_Type, j.Service_Component,
    j.Delivery_Mechanism, j.Used_Period_Start_Date AS Reporting_Period_Start_Date,
    j.Used_Period_End_Date AS Reporting_Period_End_Date,
    j.Gender, j.Accommodation_Status, j.Primary_Support_Reason, j.Date_of_Death, j.Der_Birth_Year, j.Der_Birth_Month,
    CASE
        WHEN j.superseded IS NOT NULL THEN j.superseded
        WHEN j.stated_reason IS NOT NULL OR j.lost_quarter_reason IS NULL THEN j.stated_reason
        WHEN j.Date_of_Death < j.Used_Period_Start_Date THEN 'died before the reporting period or the event start'
        WHEN outside_period(j.Event_Type, j.Event_Start_Date, j.Der_Event_End_Date,
                            j.Used_Period_Start_Date, j.Used_Period_End_Date)
            THEN j.lost_quarter_reason
    END AS drop_reason
FROM joined AS j
