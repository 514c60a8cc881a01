-- Step 11, ASCOF 3D(1a) and 3D(2a): service users in community long-term support at the period
-- end receiving self-directed support or direct payments.
-- Cohort: service-user long-term services open at the period end (start <= end of period, end on
-- or after it or none), no death before the period end; age at the period end (under 18 left
-- out, unknown in Total only). A 'Direct payment' component makes the mechanism a direct payment;
-- a mechanism not valid for its service type is blank. Each person's best setting: Nursing 1,
-- Residential 2, Community by direct payment 3, managed personal budget 4, commissioned 5,
-- blank 6, Prison by personal budget 7, commissioned 8, blank 9. Only Community (3-6) is in scope.
-- 3D1A numerator: 3 or 4; 3D2A numerator: 3.
-- Input: events, person_details, params. Output: units_3d_clients.
WITH p AS (
    SELECT period_end FROM params
),
cohort AS (
    SELECT e.LA_Code, e.person_id,
           CASE e.Service_Type
               WHEN 'Long term support: Nursing care' THEN 1
               WHEN 'Long term support: Residential care' THEN 2
               WHEN 'Long term support: Community' THEN
                   CASE CASE WHEN e.Service_Component = 'Direct payment' THEN 'Direct payment'
                             ELSE e.Delivery_Mechanism END
                       WHEN 'Direct payment' THEN 3
                       WHEN 'CASSR managed personal budget' THEN 4
                       WHEN 'CASSR commissioned support' THEN 5
                       ELSE 6 END
               ELSE
                   CASE CASE WHEN e.Service_Component = 'Direct payment' THEN 'Direct payment'
                             ELSE e.Delivery_Mechanism END
                       WHEN 'CASSR managed personal budget' THEN 7
                       WHEN 'CASSR commissioned support' THEN 8
                       ELSE 9 END
           END AS setting
    FROM events AS e
    CROSS JOIN p
    LEFT JOIN person_details AS d ON d.LA_Code = e.LA_Code AND d.person_id = e.person_id
    WHERE e.Client_Type = 'Service user' AND e.Event_Type = 'Service'
      AND e.Service_Type IN ('Long term support: Nursing care', 'Long term support: Residential care',
                             'Long term support: Community', 'Long term support: Prison')
      AND e.Event_Start_Date <= p.period_end
      AND (e.Der_Event_End_Date IS NULL OR e.Der_Event_End_Date >= p.period_end)
      AND (d.death_date IS NULL OR d.death_date >= p.period_end)
),
people AS (
    SELECT c.LA_Code, c.person_id, MIN(c.setting) AS setting
    FROM cohort AS c
    GROUP BY c.LA_Code, c.person_id
),
community AS (
    SELECT x.LA_Code, x.person_id, x.setting,
           age_at(d.birth_date, p.period_end) AS age
    FROM people AS x
    CROSS JOIN p
    LEFT JOIN person_details AS d ON d.LA_Code = x.LA_Code AND d.person_id = x.person_id
    WHERE x.setting BETWEEN 3 AND 6
),
counted AS (
    SELECT LA_Code, person_id, setting,
           age_band(age) AS age_band
    FROM community
    WHERE age IS NULL OR age >= 18
)
SELECT LA_Code, '3D1A' AS measure, person_id AS unit_id, age_band, CAST(NULL AS VARCHAR) AS gender,
       CASE WHEN setting IN (3, 4) THEN 1 ELSE 0 END AS in_numerator, 1 AS in_denominator,
       CAST(setting AS VARCHAR) AS detail
FROM counted
UNION ALL
SELECT LA_Code, '3D2A', person_id, age_band, CAST(NULL AS VARCHAR),
       CASE WHEN setting = 3 THEN 1 ELSE 0 END, 1, CAST(setting AS VARCHAR)
FROM counted
