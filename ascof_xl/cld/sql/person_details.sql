-- Step 6, latest person details: one row per council and person (DHSC personal details table).
-- Built from every usable row of the input, all client and event types and all history.
-- Gender, accommodation and primary support reason: the known value of the latest submission, then
-- of the latest-ending event (open first), then the latest-starting; when the rows at the top
-- disagree the value is 'Unknown'. Birth date: the 1st of the birth month, from rows with both
-- year and month, latest submission first, then the earliest date. Date of death: the latest
-- submission's, then the latest date. Unknown accommodation is imputed from the person's latest
-- service (see the CASE below), where 'Unknown: presumed at home' counts as settled in 2E.
-- Input: cld_checked, events. Output: person_details.
WITH person_rows AS (
    SELECT
        LA_Code, person_id, Reporting_Period_End_Date AS period_end, Event_Start_Date AS start_date,
        Event_End_Date AS end_date, Gender, Accommodation_Status, Primary_Support_Reason,
        Der_Birth_Year, Der_Birth_Month, Date_of_Death
    FROM cld_checked
    WHERE set_aside IS NULL
),
gender AS (
    SELECT LA_Code, person_id,
           CASE WHEN COUNT(DISTINCT Gender) = 1 THEN MIN(Gender) ELSE 'Unknown' END AS gender
    FROM (
        SELECT r.*, DENSE_RANK() OVER (
            PARTITION BY LA_Code, person_id
            ORDER BY CASE WHEN Gender IS NULL OR Gender = 'Unknown' THEN 0 ELSE 1 END DESC,
                     period_end DESC, CASE WHEN end_date IS NULL THEN 0 ELSE 1 END, end_date DESC,
                     start_date DESC) AS top
        FROM person_rows AS r
    ) AS ranked
    WHERE top = 1
    GROUP BY LA_Code, person_id
),
accommodation AS (
    SELECT LA_Code, person_id,
           CASE WHEN COUNT(DISTINCT Accommodation_Status) = 1 THEN MIN(Accommodation_Status)
                ELSE 'Unknown' END AS accommodation
    FROM (
        SELECT r.*, DENSE_RANK() OVER (
            PARTITION BY LA_Code, person_id
            ORDER BY CASE WHEN Accommodation_Status IS NULL OR Accommodation_Status = 'Unknown' THEN 0 ELSE 1 END DESC,
                     period_end DESC, CASE WHEN end_date IS NULL THEN 0 ELSE 1 END, end_date DESC,
                     start_date DESC) AS top
        FROM person_rows AS r
    ) AS ranked
    WHERE top = 1
    GROUP BY LA_Code, person_id
),
support_reason AS (
    SELECT LA_Code, person_id,
           CASE WHEN COUNT(DISTINCT Primary_Support_Reason) = 1 THEN MIN(Primary_Support_Reason)
                ELSE 'Unknown' END AS support_reason
    FROM (
        SELECT r.*, DENSE_RANK() OVER (
            PARTITION BY LA_Code, person_id
            ORDER BY CASE WHEN Primary_Support_Reason IS NULL OR Primary_Support_Reason = 'Unknown'
                          OR Primary_Support_Reason = 'Social support: Support to unpaid carer' THEN 0 ELSE 1 END DESC,
                     period_end DESC, CASE WHEN end_date IS NULL THEN 0 ELSE 1 END, end_date DESC,
                     start_date DESC) AS top
        FROM person_rows AS r
    ) AS ranked
    WHERE top = 1
    GROUP BY LA_Code, person_id
),
birth AS (
    SELECT LA_Code, person_id, MAKE_DATE(Der_Birth_Year, Der_Birth_Month, 1) AS birth_date
    FROM (
        SELECT r.*, ROW_NUMBER() OVER (
            PARTITION BY LA_Code, person_id
            ORDER BY period_end DESC, Der_Birth_Year, Der_Birth_Month) AS pick
        FROM person_rows AS r
        WHERE Der_Birth_Year IS NOT NULL AND Der_Birth_Month IS NOT NULL
    ) AS ranked
    WHERE pick = 1
),
death AS (
    SELECT LA_Code, person_id, Date_of_Death AS death_date
    FROM (
        SELECT r.*, ROW_NUMBER() OVER (
            PARTITION BY LA_Code, person_id ORDER BY period_end DESC, Date_of_Death DESC) AS pick
        FROM person_rows AS r
        WHERE Date_of_Death IS NOT NULL
    ) AS ranked
    WHERE pick = 1
),
latest_services AS (
    SELECT e.LA_Code, e.person_id, e.Service_Type, e.Service_Component,
           DENSE_RANK() OVER (
               PARTITION BY e.LA_Code, e.person_id
               ORDER BY COALESCE(e.Der_Event_End_Date, DATE '9999-01-01') DESC,
                        CASE e.Service_Type
                            WHEN 'Long term support: Nursing care' THEN 1
                            WHEN 'Long term support: Residential care' THEN 2
                            WHEN 'Long term support: Community' THEN 3
                            WHEN 'Long term support: Prison' THEN 4
                            WHEN 'Short term support: ST-Max' THEN 5
                            WHEN 'Short term support: Ongoing low level' THEN 6
                            WHEN 'Short term support: Other short term' THEN 7
                            ELSE 99 END,
                        CASE WHEN e.Service_Component IN ('Shared Lives', 'Community supported living',
                                  'Extra care housing', 'Home support or domiciliary care') THEN 0 ELSE 1 END,
                        e.Event_Start_Date DESC) AS top
    FROM events AS e
    WHERE e.Event_Type = 'Service'
),
latest_service AS (
    SELECT LA_Code, person_id,
           CASE WHEN COUNT(DISTINCT Service_Type) = 1 THEN MIN(Service_Type) END AS service_type,
           CASE WHEN COUNT(DISTINCT Service_Component) = 1 THEN MIN(Service_Component) END AS service_component
    FROM latest_services
    WHERE top = 1
    GROUP BY LA_Code, person_id
)
SELECT
    a.LA_Code,
    a.person_id,
    g.gender,
    s.support_reason,
    b.birth_date,
    d.death_date,
    a.accommodation AS recorded_accommodation,
    CASE
        WHEN a.accommodation <> 'Unknown' THEN a.accommodation
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
FROM accommodation AS a
JOIN gender AS g ON g.LA_Code = a.LA_Code AND g.person_id = a.person_id
JOIN support_reason AS s ON s.LA_Code = a.LA_Code AND s.person_id = a.person_id
LEFT JOIN birth AS b ON b.LA_Code = a.LA_Code AND b.person_id = a.person_id
LEFT JOIN death AS d ON d.LA_Code = a.LA_Code AND d.person_id = a.person_id
LEFT JOIN latest_service AS l ON l.LA_Code = a.LA_Code AND l.person_id = a.person_id
