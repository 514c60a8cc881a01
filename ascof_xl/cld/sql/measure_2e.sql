-- Step 10, ASCOF 2E: people in long-term support living in their own home or with family.
-- Cohort: service users with a long-term service (nursing, residential, community, prison)
-- overlapping the period (an end before its start does not count), and no death before the period. Age at the latest end of their long-term
-- services, capped at the period end; unknown ages and under-18s are left out. Accommodation,
-- gender and primary support reason come from person_details (accommodation imputed); settled =
-- the values in the settled table. 2E1: learning disability support, 18-64; 2E2A: all, 18-64;
-- 2E2B: all, 65 and over.
-- Input: events, person_details, settled, params. Output: units_2e (per person).
WITH p AS (
    SELECT period_start, period_end FROM params
),
cohort AS (
    SELECT e.LA_Code, e.person_id,
           MAX(LEAST(COALESCE(e.Der_Event_End_Date, DATE '9999-01-01'), p.period_end)) AS reference_date
    FROM events AS e
    CROSS JOIN p
    LEFT JOIN person_details AS d ON d.LA_Code = e.LA_Code AND d.person_id = e.person_id
    WHERE e.Client_Type = 'Service user' AND e.Event_Type = 'Service'
      AND e.Service_Type IN ('Long term support: Nursing care', 'Long term support: Residential care',
                             'Long term support: Community', 'Long term support: Prison')
      AND e.Event_Start_Date <= p.period_end
      AND (e.Der_Event_End_Date IS NULL OR e.Der_Event_End_Date >= p.period_start)
      AND (e.Der_Event_End_Date IS NULL OR e.Der_Event_End_Date >= e.Event_Start_Date)
      AND (d.death_date IS NULL OR d.death_date >= p.period_start)
    GROUP BY e.LA_Code, e.person_id
),
people AS (
    SELECT c.LA_Code, c.person_id, d.gender, d.support_reason, d.accommodation,
           age_band(age_at(d.birth_date, c.reference_date)) AS age_band,
           CASE WHEN s.accommodation IS NULL THEN 0 ELSE 1 END AS is_settled
    FROM cohort AS c
    LEFT JOIN person_details AS d ON d.LA_Code = c.LA_Code AND d.person_id = c.person_id
    LEFT JOIN settled AS s ON s.accommodation = d.accommodation
)
SELECT LA_Code, '2E1' AS measure, person_id AS unit_id, age_band, gender,
       is_settled AS in_numerator, 1 AS in_denominator, accommodation AS detail
FROM people
WHERE age_band = '18-64' AND support_reason = 'Learning Disability Support'
UNION ALL
SELECT LA_Code, '2E2A', person_id, age_band, gender, is_settled, 1, accommodation
FROM people
WHERE age_band = '18-64'
UNION ALL
SELECT LA_Code, '2E2B', person_id, age_band, gender, is_settled, 1, accommodation
FROM people
WHERE age_band = '65 and over'
