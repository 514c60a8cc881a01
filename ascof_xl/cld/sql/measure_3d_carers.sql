-- Step 12, ASCOF 3D(1b) and 3D(2b): unpaid carers receiving self-directed support or direct payments.
-- Cohort: unpaid carers' events (release 1 'Carer' labels are normalised to these) overlapping the
-- period, no death before the period start, that are: information and advice with no service
-- type; unpaid carer support services; or assessments and reviews with no service type.
-- Category per row, best (lowest) per carer: 1 direct payment; 2 managed personal budget;
-- 3 commissioned support; 4 direct to carer with no known mechanism; 5 information and advice;
-- 6 no direct support. DHSC's code tests "component NOT LIKE 'Direct payment'" for 2-4, unknown for
-- a blank component, so such a row gets no category; params.code_nulls = FALSE reads a blank
-- component as not a direct payment. Denominator: 1-3; 3D1B numerator: 1-2; 3D2B numerator: 1.
-- Age at the period end from person_details, by band (18-64, 65 and over); DHSC's code sets no age
-- limit for carers, so carers under 18 or of unknown age count in Total only.
-- Input: events, person_details, params. Output: units_3d_carers.
WITH p AS (
    SELECT period_start, period_end, code_nulls FROM params
),
rows_in_scope AS (
    SELECT e.LA_Code, e.person_id, e.Event_Type, e.Service_Type, e.Service_Component,
           e.Delivery_Mechanism, e.Event_Outcome, p.code_nulls
    FROM events AS e
    CROSS JOIN p
    LEFT JOIN person_details AS d ON d.LA_Code = e.LA_Code AND d.person_id = e.person_id
    WHERE e.Client_Type IN ('Unpaid carer', 'Unpaid carer known by association')
      AND e.Event_Start_Date <= p.period_end
      AND (e.Der_Event_End_Date IS NULL OR e.Der_Event_End_Date >= p.period_start)
      AND (d.death_date IS NULL OR d.death_date >= p.period_start)
      AND ((e.Service_Type IS NULL AND e.Event_Outcome = 'NFA: Information and advice or signposting')
           OR e.Service_Type LIKE 'Unpaid carer support:%'
           OR (e.Event_Type IN ('Assessment', 'Review') AND e.Service_Type IS NULL))
),
categorised AS (
    SELECT LA_Code, person_id,
        CASE
            WHEN Service_Type = 'Unpaid carer support: Direct to unpaid carer'
                 AND (Delivery_Mechanism = 'Direct payment' OR Service_Component = 'Direct payment') THEN 1
            WHEN Service_Type = 'Unpaid carer support: Direct to unpaid carer'
                 AND Delivery_Mechanism = 'CASSR managed personal budget'
                 AND COALESCE(Service_Component <> 'Direct payment', NOT code_nulls) THEN 2
            WHEN Service_Type = 'Unpaid carer support: Direct to unpaid carer'
                 AND Delivery_Mechanism = 'CASSR commissioned support'
                 AND COALESCE(Service_Component <> 'Direct payment', NOT code_nulls) THEN 3
            WHEN Service_Type = 'Unpaid carer support: Direct to unpaid carer'
                 AND Delivery_Mechanism IS NULL
                 AND COALESCE(Service_Component <> 'Direct payment', NOT code_nulls) THEN 4
            WHEN Service_Type IS NULL AND Event_Outcome = 'NFA: Information and advice or signposting' THEN 5
            WHEN Service_Type = 'Unpaid carer support: Support involving the person cared-for'
                 OR (Event_Type IN ('Assessment', 'Review') AND Service_Type IS NULL) THEN 6
        END AS category
    FROM rows_in_scope
),
carers AS (
    SELECT LA_Code, person_id, MIN(category) AS category
    FROM categorised
    WHERE category IS NOT NULL
    GROUP BY LA_Code, person_id
),
aged AS (
    SELECT c.*, age_band(age_at(d.birth_date, p.period_end)) AS age_band
    FROM carers AS c
    CROSS JOIN p
    LEFT JOIN person_details AS d ON d.LA_Code = c.LA_Code AND d.person_id = c.person_id
)
SELECT LA_Code, '3D1B' AS measure, person_id AS unit_id,
       CASE WHEN age_band <> 'under 18' THEN age_band END AS age_band,
       CAST(NULL AS VARCHAR) AS gender,
       CASE WHEN category IN (1, 2) THEN 1 ELSE 0 END AS in_numerator,
       CASE WHEN category IN (1, 2, 3) THEN 1 ELSE 0 END AS in_denominator,
       CAST(category AS VARCHAR) AS detail
FROM aged
UNION ALL
SELECT LA_Code, '3D2B', person_id, CASE WHEN age_band <> 'under 18' THEN age_band END, CAST(NULL AS VARCHAR),
       CASE WHEN category = 1 THEN 1 ELSE 0 END,
       CASE WHEN category IN (1, 2, 3) THEN 1 ELSE 0 END,
       CAST(category AS VARCHAR)
FROM aged
