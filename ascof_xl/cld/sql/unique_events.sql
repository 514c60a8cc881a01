-- Step 5, one record per unique event across submissions (DHSC GetUniqueEvents).
-- An event is the same when council, person, client type, event type and start date agree, and
-- also the derived end (not for services), the route of access (requests), the assessment type
-- (assessments) or the service type and component (services). The record kept is the one from the
-- latest reporting period, then the latest derived end (open first), then the outcome highest in
-- the hierarchy (blank last), then the row read last.
-- Input: events_cropped, outcome_rank. Output: events (one row per unique event).
WITH ranked AS (
    SELECT
        e.*,
        ROW_NUMBER() OVER (
            PARTITION BY
                e.LA_Code, e.person_id, e.Client_Type, e.Event_Type, e.Event_Start_Date,
                CASE WHEN e.Event_Type <> 'Service' THEN e.Der_Event_End_Date END,
                CASE WHEN e.Event_Type = 'Request' THEN e.Request_Route_of_Access END,
                CASE WHEN e.Event_Type = 'Assessment' THEN e.Assessment_Type END,
                CASE WHEN e.Event_Type = 'Service' THEN e.Service_Type END,
                CASE WHEN e.Event_Type = 'Service' THEN e.Service_Component END
            ORDER BY
                e.Reporting_Period_End_Date DESC,
                CASE WHEN e.Der_Event_End_Date IS NULL THEN 0 ELSE 1 END,
                e.Der_Event_End_Date DESC,
                COALESCE(o.hierarchy, 999),
                e.row_id DESC
        ) AS record_rank
    FROM events_cropped AS e
    LEFT JOIN outcome_rank AS o ON o.outcome = e.Event_Outcome
)
SELECT
    source_file, row_id, LA_Code, person_id, Client_Type, Event_Type, Event_Reference,
    Event_Start_Date, Der_Event_End_Date, Event_Outcome, Service_Type, Service_Component,
    Delivery_Mechanism, Reporting_Period_End_Date
FROM ranked
WHERE record_rank = 1
