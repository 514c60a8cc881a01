-- Step 13a, hospital spells read: dates and age typed, flags read as yes/no (blank Qualifying = yes,
-- blank Emergency_Admission = no). A spell with an unreadable date or age is set aside, and counted.
-- Input: discharges_raw. Output: discharges.
WITH typed AS (
    SELECT
        COALESCE(NULLIF(TRIM(Spell_ID), ''), CAST(row_no AS VARCHAR)) AS spell_id,
        NULLIF(TRIM(NHS_Number), '') AS nhs_number,
        NULLIF(TRIM(Resident_LA_Code), '') AS resident_la,
        COALESCE(TRY_CAST(TRIM(Admission_Date) AS DATE),
                 CASE WHEN TRIM(Admission_Date) LIKE '__/__/____' THEN TRY_CAST(CONCAT(SUBSTRING(TRIM(Admission_Date), 7, 4), '-',
                     SUBSTRING(TRIM(Admission_Date), 4, 2), '-', SUBSTRING(TRIM(Admission_Date), 1, 2)) AS DATE) END) AS admission_date,
        COALESCE(TRY_CAST(TRIM(Discharge_Date) AS DATE),
                 CASE WHEN TRIM(Discharge_Date) LIKE '__/__/____' THEN TRY_CAST(CONCAT(SUBSTRING(TRIM(Discharge_Date), 7, 4), '-',
                     SUBSTRING(TRIM(Discharge_Date), 4, 2), '-', SUBSTRING(TRIM(Discharge_Date), 1, 2)) AS DATE) END) AS discharge_date,
        COALESCE(TRY_CAST(TRIM(Date_of_Death) AS DATE),
                 CASE WHEN TRIM(Date_of_Death) LIKE '__/__/____' THEN TRY_CAST(CONCAT(SUBSTRING(TRIM(Date_of_Death), 7, 4), '-',
                     SUBSTRING(TRIM(Date_of_Death), 4, 2), '-', SUBSTRING(TRIM(Date_of_Death), 1, 2)) AS DATE) END) AS death_date,
        TRY_CAST(TRY_CAST(TRIM(Age_At_Discharge) AS DOUBLE) AS INTEGER) AS age,
        LOWER(COALESCE(NULLIF(TRIM(Qualifying), ''), 'yes')) IN ('y', 'yes', 'true', '1') AS qualifying,
        LOWER(COALESCE(NULLIF(TRIM(Emergency_Admission), ''), 'no')) IN ('y', 'yes', 'true', '1') AS emergency
    FROM discharges_raw
)
SELECT
    t.*,
    CASE
        WHEN nhs_number IS NULL THEN 'no NHS number'
        WHEN resident_la IS NULL THEN 'no council of residence'
        WHEN admission_date IS NULL OR discharge_date IS NULL THEN 'admission or discharge date blank or unreadable'
        WHEN age IS NULL THEN 'age at discharge blank or unreadable'
    END AS set_aside
FROM typed AS t
