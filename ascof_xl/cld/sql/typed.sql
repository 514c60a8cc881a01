-- Step 1b, typed: every cleaned value (trimmed.sql) read once. Dates become DATEs (read_date,
-- dates.sql); birth year and month become whole numbers in range (read_whole, text.sql: decimals
-- rounded half up); coded values become the one release 2 spelling through value_map (matched
-- lower-cased, release 1 spellings mapped).
-- A closed field's unmapped value becomes NULL, as DHSC's unmapped values do; the open fields
-- (Service_Component, Gender, Primary_Support_Reason) keep other values as written.
-- bad_<field> marks a value that was given but could not be read, for the quality report.
-- Input: cld_trimmed, value_map. Output: cld_typed.
WITH parsed AS (
    SELECT
        t.*,
        read_whole(t.Der_Birth_Year) AS n_Der_Birth_Year,
        read_whole(t.Der_Birth_Month) AS n_Der_Birth_Month,
        read_date(t.Event_Start_Date) AS d_Event_Start_Date,
        read_date(t.Event_End_Date) AS d_Event_End_Date,
        read_date(t.Date_of_Death) AS d_Date_of_Death,
        read_date(t.Reporting_Period_Start_Date) AS d_Reporting_Period_Start_Date,
        read_date(t.Reporting_Period_End_Date) AS d_Reporting_Period_End_Date,
        ct.value AS m_Client_Type,
        et.value AS m_Event_Type,
        st.value AS m_Service_Type,
        dm.value AS m_Delivery_Mechanism,
        eo.value AS m_Event_Outcome,
        ac.value AS m_Accommodation_Status,
        sc.value AS m_Service_Component,
        ge.value AS m_Gender,
        ps.value AS m_Primary_Support_Reason
    FROM cld_trimmed AS t
    LEFT JOIN value_map AS ct ON ct.field = 'Client_Type' AND ct.key = LOWER(t.Client_Type)
    LEFT JOIN value_map AS et ON et.field = 'Event_Type' AND et.key = LOWER(t.Event_Type)
    LEFT JOIN value_map AS st ON st.field = 'Service_Type' AND st.key = LOWER(t.Service_Type)
    LEFT JOIN value_map AS dm ON dm.field = 'Delivery_Mechanism' AND dm.key = LOWER(t.Delivery_Mechanism)
    LEFT JOIN value_map AS eo ON eo.field = 'Event_Outcome' AND eo.key = LOWER(t.Event_Outcome)
    LEFT JOIN value_map AS ac ON ac.field = 'Accommodation_Status' AND ac.key = LOWER(t.Accommodation_Status)
    LEFT JOIN value_map AS sc ON sc.field = 'Service_Component' AND sc.key = LOWER(t.Service_Component)
    LEFT JOIN value_map AS ge ON ge.field = 'Gender' AND ge.key = LOWER(t.Gender)
    LEFT JOIN value_map AS ps ON ps.field = 'Primary_Support_Reason' AND ps.key = LOWER(t.Primary_Support_Reason)
)
SELECT
    source_file,
    row_id,
    LA_Code,
    LA_Name,
    Der_NHS_Number_Traced_Pseudo,
    Der_NHS_Number_Pseudo,
    LA_Person_Unique_Identifier,
    Event_Reference,
    Request_Route_of_Access,
    Assessment_Type,
    CASE WHEN n_Der_Birth_Year BETWEEN 1880 AND 2100 THEN n_Der_Birth_Year END AS Der_Birth_Year,
    Der_Birth_Year IS NOT NULL AND COALESCE(n_Der_Birth_Year BETWEEN 1880 AND 2100, FALSE) = FALSE AS bad_Der_Birth_Year,
    CASE WHEN n_Der_Birth_Month BETWEEN 1 AND 12 THEN n_Der_Birth_Month END AS Der_Birth_Month,
    Der_Birth_Month IS NOT NULL AND COALESCE(n_Der_Birth_Month BETWEEN 1 AND 12, FALSE) = FALSE AS bad_Der_Birth_Month,
    d_Event_Start_Date AS Event_Start_Date,
    Event_Start_Date IS NOT NULL AND d_Event_Start_Date IS NULL AS bad_Event_Start_Date,
    d_Event_End_Date AS Event_End_Date,
    Event_End_Date IS NOT NULL AND d_Event_End_Date IS NULL AS bad_Event_End_Date,
    d_Date_of_Death AS Date_of_Death,
    Date_of_Death IS NOT NULL AND d_Date_of_Death IS NULL AS bad_Date_of_Death,
    d_Reporting_Period_Start_Date AS Reporting_Period_Start_Date,
    Reporting_Period_Start_Date IS NOT NULL AND d_Reporting_Period_Start_Date IS NULL AS bad_Reporting_Period_Start_Date,
    d_Reporting_Period_End_Date AS Reporting_Period_End_Date,
    Reporting_Period_End_Date IS NOT NULL AND d_Reporting_Period_End_Date IS NULL AS bad_Reporting_Period_End_Date,
    m_Client_Type AS Client_Type,
    Client_Type IS NOT NULL AND m_Client_Type IS NULL AS bad_Client_Type,
    m_Event_Type AS Event_Type,
    Event_Type IS NOT NULL AND m_Event_Type IS NULL AS bad_Event_Type,
    m_Service_Type AS Service_Type,
    Service_Type IS NOT NULL AND m_Service_Type IS NULL AS bad_Service_Type,
    m_Delivery_Mechanism AS Delivery_Mechanism,
    Delivery_Mechanism IS NOT NULL AND m_Delivery_Mechanism IS NULL AS bad_Delivery_Mechanism,
    m_Event_Outcome AS Event_Outcome,
    Event_Outcome IS NOT NULL AND m_Event_Outcome IS NULL AS bad_Event_Outcome,
    m_Accommodation_Status AS Accommodation_Status,
    Accommodation_Status IS NOT NULL AND m_Accommodation_Status IS NULL AS bad_Accommodation_Status,
    COALESCE(m_Service_Component, Service_Component) AS Service_Component,
    COALESCE(m_Gender, Gender) AS Gender,
    COALESCE(m_Primary_Support_Reason, Primary_Support_Reason) AS Primary_Support_Reason
FROM parsed
