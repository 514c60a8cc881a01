-- Step 6, latest person details: one row per council and person (DHSC personal details table).
-- Built, as DHSC builds it from its joined submissions table, from the events kept: every client and
-- event type and all history, but only rows of the submissions read, inside their periods, one per
-- unique event (events). A row's submission period is the span of quarters its submission supplies.
-- Gender, accommodation and primary support reason: the known value of the latest submission, then
-- of the latest-ending event (the derived end, after death and cropping; open first), then the
-- latest-starting; when the rows at the top disagree the value is 'Unknown'. Birth date: the 1st of the birth month, from rows with both
-- year and month, latest submission first, then the earliest date. Date of death: the latest
-- submission's, then the latest date. Unknown accommodation is imputed from the person's latest
-- service (see the CASE below); 'Unknown: presumed at home' counts as settled in 2E.
-- Each "top by this order" is found as the rows holding the person's largest sort key, a whole
-- number packing the order's parts (days since 1800 in 17 bits each), which aggregates fast.
-- Input: events. Output: person_details.
WITH person_rows AS (
    SELECT
        LA_Code, person_id, Gender, Accommodation_Status, Primary_Support_Reason, Date_of_Death,
        birth_date_of(Der_Birth_Year, Der_Birth_Month) AS birth_date,
        CAST(LEAST(GREATEST(DATE_DIFF('day', DATE '1800-01-01', Reporting_Period_End_Date), 0), 131071) AS BIGINT) AS period_key,
        CAST(LEAST(GREATEST(DATE_DIFF('day', DATE '1800-01-01', Reporting_Period_End_Date), 0), 131071) AS BIGINT) * 17179869184
            + LEAST(GREATEST(COALESCE(DATE_DIFF('day', DATE '1800-01-01', Der_Event_End_Date), 131071), 0), 131071) * 131072
            + LEAST(GREATEST(DATE_DIFF('day', DATE '1800-01-01', Event_Start_Date), 0), 131071) AS recency_key
    FROM events
),
keyed AS (
    SELECT
        r.*,
        CASE WHEN Gender IS NULL OR Gender = 'Unknown' THEN 0 ELSE 2251799813685248 END + recency_key AS gender_key,
        CASE WHEN Accommodation_Status IS NULL OR Accommodation_Status = 'Unknown' THEN 0
             ELSE 2251799813685248 END + recency_key AS accommodation_key,
        CASE WHEN Primary_Support_Reason IS NULL OR Primary_Support_Reason = 'Unknown'
                  OR Primary_Support_Reason = 'Social support: Support to unpaid carer' THEN 0
             ELSE 2251799813685248 END + recency_key AS reason_key,
        CASE WHEN birth_date IS NOT NULL
             THEN period_key * 131072 + 131071 - LEAST(GREATEST(DATE_DIFF('day', DATE '1800-01-01', birth_date), 0), 131071) END AS birth_key,
        CASE WHEN Date_of_Death IS NOT NULL
             THEN period_key * 131072 + LEAST(GREATEST(DATE_DIFF('day', DATE '1800-01-01', Date_of_Death), 0), 131071) END AS death_key
    FROM person_rows AS r
),
tops AS (
    SELECT LA_Code, person_id, MAX(gender_key) AS gender_top, MAX(accommodation_key) AS accommodation_top,
           MAX(reason_key) AS reason_top, MAX(birth_key) AS birth_top, MAX(death_key) AS death_top
    FROM keyed
    GROUP BY LA_Code, person_id
),
details AS (
    SELECT
        k.LA_Code, k.person_id,
        MIN(CASE WHEN k.gender_key = t.gender_top THEN k.Gender END) AS gender_low,
        MAX(CASE WHEN k.gender_key = t.gender_top THEN k.Gender END) AS gender_high,
        MIN(CASE WHEN k.accommodation_key = t.accommodation_top THEN k.Accommodation_Status END) AS accommodation_low,
        MAX(CASE WHEN k.accommodation_key = t.accommodation_top THEN k.Accommodation_Status END) AS accommodation_high,
        MIN(CASE WHEN k.reason_key = t.reason_top THEN k.Primary_Support_Reason END) AS reason_low,
        MAX(CASE WHEN k.reason_key = t.reason_top THEN k.Primary_Support_Reason END) AS reason_high,
        MIN(CASE WHEN k.birth_key = t.birth_top THEN k.birth_date END) AS birth_date,
        MAX(CASE WHEN k.death_key = t.death_top THEN k.Date_of_Death END) AS death_date
    FROM keyed AS k
    JOIN tops AS t ON t.LA_Code = k.LA_Code AND t.person_id = k.person_id
    GROUP BY k.LA_Code, k.person_id
),
services AS (
    SELECT
        e.LA_Code, e.person_id, e.Service_Type, e.Service_Component,
        LEAST(GREATEST(COALESCE(DATE_DIFF('day', DATE '1800-01-01', e.Der_Event_End_Date), 131071), 0), 131071) * 33554432
            + (127 - COALESCE(service_rank(e.Service_Type), 99)) * 262144
            + CASE WHEN e.Service_Component IN ('Shared Lives', 'Community supported living',
                                                'Extra care housing', 'Home support or domiciliary care')
                   THEN 131072 ELSE 0 END
            + LEAST(GREATEST(DATE_DIFF('day', DATE '1800-01-01', e.Event_Start_Date), 0), 131071) AS service_key
    FROM events AS e
    WHERE e.Event_Type = 'Service'
),
latest_key AS (
    SELECT LA_Code, person_id, MAX(service_key) AS top_key
    FROM services
    GROUP BY LA_Code, person_id
),
latest_service AS (
    SELECT s.LA_Code, s.person_id,
           CASE WHEN MIN(s.Service_Type) = MAX(s.Service_Type) THEN MIN(s.Service_Type) END AS service_type,
           CASE WHEN MIN(s.Service_Component) = MAX(s.Service_Component) THEN MIN(s.Service_Component) END
               AS service_component
    FROM services AS s
    JOIN latest_key AS l ON l.LA_Code = s.LA_Code AND l.person_id = s.person_id AND l.top_key = s.service_key
    GROUP BY s.LA_Code, s.person_id
),
chosen AS (
    SELECT
        d.LA_Code, d.person_id, d.birth_date, d.death_date,
        CASE WHEN d.gender_low = d.gender_high THEN d.gender_low ELSE 'Unknown' END AS gender,
        CASE WHEN d.reason_low = d.reason_high THEN d.reason_low ELSE 'Unknown' END AS support_reason,
        CASE WHEN d.accommodation_low = d.accommodation_high THEN d.accommodation_low ELSE 'Unknown' END
            AS accommodation
    FROM details AS d
)
SELECT
    c.LA_Code,
    c.person_id,
    c.gender,
    c.support_reason,
    c.birth_date,
    c.death_date,
    c.accommodation AS recorded_accommodation,
    CASE
        WHEN c.accommodation <> 'Unknown' THEN c.accommodation
        WHEN l.service_type = 'Long term support: Nursing care' THEN 'Registered nursing home'
        WHEN l.service_type = 'Long term support: Residential care' THEN 'Registered care home'
        WHEN l.service_component = 'Shared Lives' THEN 'Shared Lives scheme'
        WHEN l.service_component = 'Extra care housing'
            THEN 'Sheltered housing, extra care housing or other sheltered housing'
        WHEN l.service_component = 'Community supported living'
            THEN 'Supported accommodation, supported lodgings or supported group home'
        WHEN l.service_type = 'Long term support: Community'
             AND l.service_component = 'Home support or domiciliary care' THEN 'Unknown: presumed at home'
        WHEN l.service_type = 'Long term support: Community' THEN 'Unknown: presumed in community'
        WHEN l.service_type = 'Long term support: Prison'
            THEN 'Prison, young offenders institution or detention centre'
        ELSE 'Unknown'
    END AS accommodation
FROM chosen AS c
LEFT JOIN latest_service AS l ON l.LA_Code = c.LA_Code AND l.person_id = c.person_id
