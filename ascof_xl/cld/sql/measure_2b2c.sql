-- Step 9, ASCOF 2B and 2C: people newly admitted to long-term residential or nursing care.
-- Build rows: service-user services of type 'Long term support: Residential care' or '... Nursing
-- care', a known birth date, no death before the period; component blank or naming residential or
-- nursing care and not short-term. DHSC's code tests "component NOT LIKE '%Short%'", which is
-- unknown for a blank component, so blank components drop out; params.code_nulls = FALSE keeps
-- them, as its documents say.
-- Admission: a build row starting in the period whose outcome is not 'NFA: Self-funded client or
-- under 12wk disregard' (blank outcomes count). It is not new when the person has a build row that
-- started earlier and is open or ended fewer than 365 days before it (overlaps count).
-- Age at the admission's start, 18 or over; a person admitted in both bands counts once, in 18-64.
-- Input: events, person_details, params. Output: units_2b2c (per person; 2B = 18-64, 2C = 65+).
WITH p AS (
    SELECT period_start, period_end, code_nulls FROM params
),
build AS (
    SELECT e.LA_Code, e.person_id, e.Event_Start_Date AS start_date, e.Der_Event_End_Date AS end_date,
           e.Event_Outcome, d.birth_date
    FROM events AS e
    CROSS JOIN p
    JOIN person_details AS d ON d.LA_Code = e.LA_Code AND d.person_id = e.person_id
    WHERE e.Event_Type = 'Service' AND e.Client_Type = 'Service user'
      AND e.Service_Type IN ('Long term support: Residential care', 'Long term support: Nursing care')
      AND d.birth_date IS NOT NULL
      AND (d.death_date IS NULL OR d.death_date >= p.period_start)
      AND (e.Service_Component IS NULL
           OR LOWER(e.Service_Component) LIKE '%residential%'
           OR LOWER(e.Service_Component) LIKE '%nursing%')
      AND COALESCE(LOWER(e.Service_Component) NOT LIKE '%short%', NOT p.code_nulls)
),
admissions AS (
    SELECT b.LA_Code, b.person_id, age_at(b.birth_date, b.start_date) AS age
    FROM build AS b
    CROSS JOIN p
    WHERE b.start_date >= p.period_start AND b.start_date <= p.period_end
      AND (b.Event_Outcome IS NULL OR b.Event_Outcome <> 'NFA: Self-funded client or under 12wk disregard')
      AND NOT EXISTS (
          SELECT 1 FROM build AS x
          WHERE x.LA_Code = b.LA_Code AND x.person_id = b.person_id
            AND x.start_date < b.start_date
            AND (x.end_date IS NULL OR DATE_DIFF('day', x.end_date, b.start_date) < 365))
),
people AS (
    SELECT LA_Code, person_id, MIN(age_band(age)) AS age_band
    FROM admissions
    WHERE age >= 18
    GROUP BY LA_Code, person_id
)
SELECT
    LA_Code,
    CASE WHEN age_band = '18-64' THEN '2B' ELSE '2C' END AS measure,
    person_id AS unit_id,
    age_band,
    CAST(NULL AS VARCHAR) AS gender,
    1 AS in_numerator,
    0 AS in_denominator,
    CAST(NULL AS VARCHAR) AS detail
FROM people
