-- Step 7, ST-Max clusters per council and person, for 2A (any component) and 2D (Reablement); both
-- builds take only rows ending on or after their start, or open.
-- Service-user ST-Max rows sorted by start, end, 2A outcome rank, row read last first; a row joins
-- the current cluster when its start is at most 7 days after the latest end so far (open = 9999-01-01).
-- A cluster runs from its first start to its latest end; its outcome is the outcome of the row
-- ending last (ties: lower rank, then the row read last).
-- Input: events, outcome_rank. Output: clusters.
WITH st_max AS (
    SELECT '2A' AS kind, e.* FROM events AS e
    WHERE e.Client_Type = 'Service user' AND e.Event_Type = 'Service'
      AND e.Service_Type = 'Short term support: ST-Max'
      AND (e.Der_Event_End_Date IS NULL OR e.Der_Event_End_Date >= e.Event_Start_Date)
    UNION ALL
    SELECT '2D' AS kind, e.* FROM events AS e
    WHERE e.Client_Type = 'Service user' AND e.Event_Type = 'Service'
      AND e.Service_Type = 'Short term support: ST-Max' AND e.Service_Component = 'Reablement'
      AND (e.Der_Event_End_Date IS NULL OR e.Der_Event_End_Date >= e.Event_Start_Date)
),
ordered AS (
    SELECT
        s.kind, s.LA_Code, s.person_id, s.row_id, s.Event_Start_Date AS start_date,
        COALESCE(s.Der_Event_End_Date, DATE '9999-01-01') AS end_date, s.Event_Outcome,
        COALESCE(o.rank_2a, 999) AS outcome_rank,
        MAX(COALESCE(s.Der_Event_End_Date, DATE '9999-01-01')) OVER (
            PARTITION BY s.kind, s.LA_Code, s.person_id
            ORDER BY s.Event_Start_Date, COALESCE(s.Der_Event_End_Date, DATE '9999-01-01'),
                     COALESCE(o.rank_2a, 999), s.row_id DESC
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS latest_end_before
    FROM st_max AS s
    LEFT JOIN outcome_rank AS o ON o.outcome = s.Event_Outcome
),
numbered AS (
    SELECT
        o.*,
        SUM(CASE WHEN o.latest_end_before IS NULL
                      OR DATE_DIFF('day', o.latest_end_before, o.start_date) > 7 THEN 1 ELSE 0 END) OVER (
            PARTITION BY o.kind, o.LA_Code, o.person_id
            ORDER BY o.start_date, o.end_date, o.outcome_rank, o.row_id DESC
            ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cluster_no
    FROM ordered AS o
),
bounded AS (
    SELECT
        n.*,
        MIN(n.start_date) OVER (PARTITION BY n.kind, n.LA_Code, n.person_id, n.cluster_no) AS cluster_start,
        MAX(n.end_date) OVER (PARTITION BY n.kind, n.LA_Code, n.person_id, n.cluster_no) AS cluster_end,
        ROW_NUMBER() OVER (
            PARTITION BY n.kind, n.LA_Code, n.person_id, n.cluster_no
            ORDER BY n.end_date DESC, n.outcome_rank, n.row_id DESC) AS last_row
    FROM numbered AS n
)
SELECT
    kind, LA_Code, person_id, cluster_no, cluster_start, cluster_end,
    Event_Outcome AS cluster_outcome, outcome_rank AS cluster_rank
FROM bounded
WHERE last_row = 1
