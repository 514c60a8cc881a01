-- Step 4, cropping: a service still open (or ending later) at its reporting period's end, and not
-- in the council's next reporting period under the same Event_Reference, ends at that period's end.
-- The council's last period is never cropped.
-- Input: events_filtered. Output: crops (row_id and cropped end of each service cropped; a few rows,
-- so the kept events are not copied: cropped_events.sql applies them).
WITH kept AS (
    SELECT * FROM events_filtered WHERE drop_reason IS NULL
),
periods AS (
    SELECT
        LA_Code,
        Reporting_Period_End_Date,
        LEAD(Reporting_Period_End_Date) OVER (PARTITION BY LA_Code ORDER BY Reporting_Period_End_Date) AS next_end
    FROM (SELECT DISTINCT LA_Code, Reporting_Period_End_Date FROM kept) AS distinct_periods
),
candidates AS (
    SELECT k.row_id, k.LA_Code, k.Event_Reference, k.Reporting_Period_End_Date, p.next_end
    FROM kept AS k
    JOIN periods AS p
        ON p.LA_Code = k.LA_Code AND p.Reporting_Period_End_Date = k.Reporting_Period_End_Date
    WHERE k.Event_Type = 'Service'
      AND p.next_end IS NOT NULL
      AND (k.Der_Event_End_Date IS NULL OR k.Der_Event_End_Date > k.Reporting_Period_End_Date)
),
cropped AS (
    SELECT c.row_id, c.Reporting_Period_End_Date AS cropped_end
    FROM candidates AS c
    WHERE NOT EXISTS (
        SELECT 1 FROM kept AS n
        WHERE n.Event_Type = 'Service' AND n.LA_Code = c.LA_Code
          AND n.Reporting_Period_End_Date = c.next_end AND n.Event_Reference = c.Event_Reference)
)
SELECT row_id, cropped_end FROM cropped
