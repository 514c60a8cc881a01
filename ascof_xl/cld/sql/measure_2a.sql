-- Step 8, ASCOF 2A: the sequel of each new client's ST-Max cluster ending in the period.
-- Build: service-user events ending on or after their start (or open); other rows play no part.
-- Scope: cluster end in the period; no death before the cluster start; age at cluster end 18 or
-- over, or unknown (Total only). New client: no long-term service that started before the cluster
-- and ended fewer than 91 days before its start (open or overlapping services count).
-- Sequel, first rule that matches:
--   1 death at most 7 days after the cluster end: 'NFA: Deceased';
--   2 the cluster's outcome 'Admitted to hospital';
--   3 the highest service in the window W (events starting on or after the cluster start and at
--     most 7 days after its end, ending after it, up to the first ST-Max in W): Nursing >
--     Residential > Community > Prison > ST-Max > Ongoing low level > Other short term, where
--     Other short term with a short-term residential or nursing component reads as
--     'Short term support: Residential or Nursing care';
--   4 the lowest-ranked classifiable outcome among: the cluster's own; W's requests, assessments and
--     reviews (not 'NFA: Support ended as planned'); the latest-ending assessment or review nested
--     in the cluster and ending under 14 days before its end;
--   5 an Equipment service nested in the cluster: 'Short term support: Ongoing low level';
--   6 the cluster's outcome.
-- Input: clusters, events, person_details, outcome_rank, params. Output: units_2a.
WITH p AS (
    SELECT period_start, period_end FROM params
),
service_user_events AS (
    SELECT
        e.LA_Code, e.person_id, e.row_id, e.Event_Type, e.Event_Start_Date AS start_date,
        COALESCE(e.Der_Event_End_Date, DATE '9999-01-01') AS end_date, e.Event_Outcome,
        COALESCE(o.rank_2a, 999) AS outcome_rank, e.Service_Type, e.Service_Component,
        service_rank(e.Service_Type) AS service_rank
    FROM events AS e
    LEFT JOIN outcome_rank AS o ON o.outcome = e.Event_Outcome
    WHERE e.Client_Type = 'Service user'
      AND (e.Der_Event_End_Date IS NULL OR e.Der_Event_End_Date >= e.Event_Start_Date)
),
in_scope AS (
    SELECT
        c.LA_Code, c.person_id, c.cluster_no, c.cluster_start, c.cluster_end, c.cluster_outcome,
        c.cluster_rank, d.death_date,
        age_at(d.birth_date, c.cluster_end) AS age
    FROM clusters AS c
    CROSS JOIN p
    LEFT JOIN person_details AS d ON d.LA_Code = c.LA_Code AND d.person_id = c.person_id
    WHERE c.kind = '2A'
      AND c.cluster_end >= p.period_start AND c.cluster_end <= p.period_end
      AND (d.death_date IS NULL OR d.death_date >= c.cluster_start)
),
earlier_long_term AS (
    SELECT DISTINCT s.LA_Code, s.person_id, s.cluster_no
    FROM in_scope AS s
    JOIN service_user_events AS l ON l.LA_Code = s.LA_Code AND l.person_id = s.person_id
    WHERE l.Event_Type = 'Service' AND l.service_rank <= 4
      AND l.start_date < s.cluster_start
      AND DATE_DIFF('day', l.end_date, s.cluster_start) < 91
),
new_clients AS (
    SELECT s.*
    FROM in_scope AS s
    LEFT JOIN earlier_long_term AS l
        ON l.LA_Code = s.LA_Code AND l.person_id = s.person_id AND l.cluster_no = s.cluster_no
    WHERE (s.age IS NULL OR s.age >= 18) AND l.cluster_no IS NULL
),
window_all AS (
    SELECT n.cluster_no, w.*
    FROM new_clients AS n
    JOIN service_user_events AS w ON w.LA_Code = n.LA_Code AND w.person_id = n.person_id
    WHERE w.start_date >= n.cluster_start AND w.end_date > n.cluster_end
      AND DATE_DIFF('day', n.cluster_end, w.start_date) <= 7
),
first_st_max AS (
    SELECT LA_Code, person_id, cluster_no, MIN(start_date) AS cut_off
    FROM window_all
    WHERE Service_Type = 'Short term support: ST-Max'
    GROUP BY LA_Code, person_id, cluster_no
),
window_events AS (
    SELECT w.*
    FROM window_all AS w
    LEFT JOIN first_st_max AS f
        ON f.LA_Code = w.LA_Code AND f.person_id = w.person_id AND f.cluster_no = w.cluster_no
    WHERE f.cut_off IS NULL OR w.start_date <= f.cut_off
),
service_sequel AS (
    SELECT
        LA_Code, person_id, cluster_no,
        CASE WHEN Service_Type = 'Short term support: Other short term'
                  AND Service_Component IN ('Short term residential care', 'Short term nursing care')
             THEN 'Short term support: Residential or Nursing care'
             ELSE Service_Type END AS sequel
    FROM (
        SELECT w.*, ROW_NUMBER() OVER (
            PARTITION BY w.LA_Code, w.person_id, w.cluster_no
            ORDER BY w.service_rank,
                     CASE WHEN w.Service_Component IN ('Short term residential care', 'Short term nursing care')
                          THEN 0 ELSE 1 END,
                     w.row_id DESC) AS pick
        FROM window_events AS w
        WHERE w.Event_Type = 'Service' AND w.service_rank IS NOT NULL
    ) AS ranked
    WHERE pick = 1
),
nested_assessment AS (
    SELECT LA_Code, person_id, cluster_no, Event_Outcome AS outcome, outcome_rank
    FROM (
        SELECT n.LA_Code, n.person_id, n.cluster_no, a.Event_Outcome, a.outcome_rank,
               ROW_NUMBER() OVER (
                   PARTITION BY n.LA_Code, n.person_id, n.cluster_no
                   ORDER BY a.end_date DESC, a.outcome_rank, a.row_id DESC) AS pick
        FROM new_clients AS n
        JOIN service_user_events AS a ON a.LA_Code = n.LA_Code AND a.person_id = n.person_id
        WHERE a.Event_Type IN ('Assessment', 'Review')
          AND a.start_date >= n.cluster_start AND a.end_date > n.cluster_start
          AND a.end_date <= n.cluster_end AND DATE_DIFF('day', a.end_date, n.cluster_end) < 14
          AND a.outcome_rank < 100
    ) AS ranked
    WHERE pick = 1
),
candidates AS (
    SELECT LA_Code, person_id, cluster_no, cluster_outcome AS outcome, cluster_rank AS outcome_rank
    FROM new_clients
    UNION ALL
    SELECT LA_Code, person_id, cluster_no, Event_Outcome, outcome_rank
    FROM window_events
    WHERE Event_Type <> 'Service'
      AND (Event_Outcome IS NULL OR Event_Outcome <> 'NFA: Support ended as planned')
    UNION ALL
    SELECT LA_Code, person_id, cluster_no, outcome, outcome_rank
    FROM nested_assessment
),
best_outcome AS (
    SELECT LA_Code, person_id, cluster_no, outcome
    FROM (
        SELECT c.*, ROW_NUMBER() OVER (
            PARTITION BY c.LA_Code, c.person_id, c.cluster_no ORDER BY c.outcome_rank) AS pick
        FROM candidates AS c
        WHERE c.outcome_rank < 100
    ) AS ranked
    WHERE pick = 1
),
nested_equipment AS (
    SELECT DISTINCT n.LA_Code, n.person_id, n.cluster_no
    FROM new_clients AS n
    JOIN service_user_events AS q ON q.LA_Code = n.LA_Code AND q.person_id = n.person_id
    WHERE q.Event_Type = 'Service' AND q.Service_Component = 'Equipment'
      AND q.start_date >= n.cluster_start AND q.end_date <= n.cluster_end
),
sequels AS (
    SELECT
        n.LA_Code, n.person_id, n.cluster_no, n.age,
        CASE
            WHEN DATE_DIFF('day', n.cluster_end, n.death_date) <= 7 THEN 'NFA: Deceased'
            WHEN n.cluster_outcome = 'Admitted to hospital' THEN 'Admitted to hospital'
            WHEN s.sequel IS NOT NULL THEN s.sequel
            WHEN b.outcome IS NOT NULL THEN b.outcome
            WHEN q.cluster_no IS NOT NULL THEN 'Short term support: Ongoing low level'
            ELSE n.cluster_outcome
        END AS sequel
    FROM new_clients AS n
    LEFT JOIN service_sequel AS s
        ON s.LA_Code = n.LA_Code AND s.person_id = n.person_id AND s.cluster_no = n.cluster_no
    LEFT JOIN best_outcome AS b
        ON b.LA_Code = n.LA_Code AND b.person_id = n.person_id AND b.cluster_no = n.cluster_no
    LEFT JOIN nested_equipment AS q
        ON q.LA_Code = n.LA_Code AND q.person_id = n.person_id AND q.cluster_no = n.cluster_no
)
SELECT
    LA_Code,
    '2A' AS measure,
    CONCAT(person_id, '#', CAST(cluster_no AS VARCHAR)) AS unit_id,
    age_band(age) AS age_band,
    CAST(NULL AS VARCHAR) AS gender,
    CASE WHEN sequel IN (
        'Short term support: Ongoing low level', 'Short term support: Other short term',
        'NFA: Information and advice or signposting', 'NFA: Support ended as planned',
        'NFA: Responsibility moved to another local authority', 'NFA: Other',
        'NFA: No services offered for other reason', 'NFA: Support ended for other reason',
        'NFA: Referral to other service within the local authority') THEN 1 ELSE 0 END AS in_numerator,
    CASE WHEN sequel IN (
        'Short term support: Ongoing low level', 'Short term support: Other short term',
        'NFA: Information and advice or signposting', 'NFA: Support ended as planned',
        'NFA: Responsibility moved to another local authority', 'NFA: Other',
        'NFA: No services offered for other reason', 'NFA: Support ended for other reason',
        'NFA: Referral to other service within the local authority',
        'Long term support: Nursing care', 'Long term support: Residential care',
        'Long term support: Community', 'Long term support: Prison',
        'Short term support: Residential or Nursing care') THEN 1 ELSE 0 END AS in_denominator,
    sequel AS detail
FROM sequels
