-- Step 13b, ASCOF 2D: people of 65 and over discharged from hospital into reablement (part 2) who
-- stayed in the community for 12 weeks (part 1). Needs a hospital-discharge file (discharges).
-- Spells: the discharges step's qualifying spells (set_aside NULL: the SUS code lists, last
-- episode, age 65 or over at discharge, admitted on or after 2023-04-01 and before the discharge,
-- discharged in the period, resident in England, not in long-term nursing, residential or prison
-- support at admission, one row a spell).
-- Reablement clusters (clusters, kind 2D: ST-Max with component Reablement), no death before the
-- period. A cluster links to a spell of the same NHS number discharged from 7 days before to 3 days
-- after the cluster start, admitted on or before it; the latest such discharge is kept. A person
-- known only by the council's own identifier cannot link.
-- Part 1 (2D1), per linked cluster, by the reablement council: success unless within 84 days of
-- discharge (day 0 to day 84) the person died (CLD person details or the discharges file), had an
-- emergency readmission (a spell flagged readmission by the discharges step, admitted after both
-- the discharge and the cluster start) or started long-term residential or nursing care.
-- Part 2 (2D2): linked clusters (by the reablement council) / qualifying spells (by the council
-- of residence).
-- Input: discharges, clusters, events, person_details, params. Output: units_2d.
WITH p AS (
    SELECT period_start, period_end FROM params
),
spells AS (
    SELECT * FROM discharges WHERE set_aside IS NULL
),
reablement AS (
    SELECT c.LA_Code, c.person_id, c.cluster_no, c.cluster_start
    FROM clusters AS c
    CROSS JOIN p
    LEFT JOIN person_details AS d ON d.LA_Code = c.LA_Code AND d.person_id = c.person_id
    WHERE c.kind = '2D' AND (d.death_date IS NULL OR d.death_date >= p.period_start)
),
linked AS (
    SELECT *
    FROM (
        SELECT r.LA_Code, r.person_id, r.cluster_no, r.cluster_start, s.spell_id, s.discharge_date,
               s.death_date AS spell_death_date,
               ROW_NUMBER() OVER (PARTITION BY r.LA_Code, r.person_id, r.cluster_no
                                  ORDER BY s.discharge_date DESC, s.spell_id DESC) AS pick
        FROM reablement AS r
        JOIN spells AS s ON s.nhs_number = r.person_id
        WHERE DATE_DIFF('day', r.cluster_start, s.discharge_date) >= -7
          AND DATE_DIFF('day', r.cluster_start, s.discharge_date) <= 3
          AND s.admission_date <= r.cluster_start
    ) AS ranked
    WHERE pick = 1
),
outcomes AS (
    SELECT
        l.*,
        CASE
            WHEN DATE_DIFF('day', l.discharge_date, d.death_date) BETWEEN 0 AND 84 THEN 0
            WHEN DATE_DIFF('day', l.discharge_date, l.spell_death_date) BETWEEN 0 AND 84 THEN 0
            WHEN EXISTS (
                SELECT 1 FROM discharges AS r
                WHERE r.nhs_number = l.person_id AND r.readmission
                  AND r.admission_date > l.discharge_date AND r.admission_date > l.cluster_start
                  AND DATE_DIFF('day', l.discharge_date, r.admission_date) <= 84) THEN 0
            WHEN EXISTS (
                SELECT 1 FROM events AS e
                WHERE e.person_id = l.person_id AND e.Client_Type = 'Service user' AND e.Event_Type = 'Service'
                  AND e.Service_Type IN ('Long term support: Nursing care', 'Long term support: Residential care')
                  AND e.Event_Start_Date >= l.discharge_date
                  AND DATE_DIFF('day', l.discharge_date, e.Event_Start_Date) <= 84) THEN 0
            ELSE 1
        END AS stayed
    FROM linked AS l
    LEFT JOIN person_details AS d ON d.LA_Code = l.LA_Code AND d.person_id = l.person_id
)
SELECT LA_Code, '2D1' AS measure, CONCAT(person_id, '#', CAST(cluster_no AS VARCHAR)) AS unit_id,
       '65 and over' AS age_band, CAST(NULL AS VARCHAR) AS gender, stayed AS in_numerator,
       1 AS in_denominator, spell_id AS detail
FROM outcomes
UNION ALL
SELECT LA_Code, '2D2', CONCAT(person_id, '#', CAST(cluster_no AS VARCHAR)), '65 and over',
       CAST(NULL AS VARCHAR), 1, 0, spell_id
FROM linked
UNION ALL
SELECT resident_la, '2D2', spell_id, '65 and over', CAST(NULL AS VARCHAR), 0, 1, spell_id
FROM spells
