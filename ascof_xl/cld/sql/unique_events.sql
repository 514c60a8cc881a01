-- Step 5, one record per unique event across submissions (DHSC GetUniqueEvents).
-- An event is the same when council, person, client type, event type and start date agree, and
-- also the derived end (not for services), the route of access (requests), the assessment type
-- (assessments) or the service type and component (services). The record kept is the one from the
-- latest reporting period, then the latest derived end (open first), then the outcome highest in
-- the hierarchy (blank last), then the row read last: the largest of one packed sort key
-- (days since 1800 in 17-bit fields, the hierarchy in 10 bits, then the row id below 10^12).
-- Input: events_cropped, outcome_rank. Output: events (one row per unique event).
WITH kept AS (
    SELECT
        MAX_BY(
            e.row_id,
            ((CAST(LEAST(GREATEST(DATE_DIFF('day', DATE '1800-01-01', e.Reporting_Period_End_Date), 0), 131071) AS DECIMAL(38, 0)) * 131072
              + LEAST(GREATEST(COALESCE(DATE_DIFF('day', DATE '1800-01-01', e.Der_Event_End_Date), 131071), 0), 131071)) * 1024
              + (1023 - COALESCE(o.hierarchy, 999))) * 1000000000000 + e.row_id
        ) AS row_id
    FROM events_cropped AS e
    LEFT JOIN outcome_rank AS o ON o.outcome = e.Event_Outcome
    GROUP BY
        e.LA_Code, e.person_id, e.Client_Type, e.Event_Type, e.Event_Start_Date,
        CASE WHEN e.Event_Type <> 'Service' THEN e.Der_Event_End_Date END,
        CASE WHEN e.Event_Type = 'Request' THEN e.Request_Route_of_Access END,
        CASE WHEN e.Event_Type = 'Assessment' THEN e.Assessment_Type END,
        CASE WHEN e.Event_Type = 'Service' THEN e.Service_Type END,
        CASE WHEN e.Event_Type = 'Service' THEN e.Service_Component END
)
SELECT
    e.source_file, e.row_id, e.LA_Code, e.person_id, e.Client_Type, e.Event_Type, e.Event_Reference,
    e.Event_Start_Date, e.Der_Event_End_Date, e.Event_Outcome, e.Service_Type, e.Service_Component,
    e.Delivery_Mechanism, e.Reporting_Period_End_Date,
    e.Gender, e.Accommodation_Status, e.Primary_Support_Reason, e.Date_of_Death, e.Der_Birth_Year, e.Der_Birth_Month
FROM events_cropped AS e
JOIN kept AS k ON k.row_id = e.row_id
