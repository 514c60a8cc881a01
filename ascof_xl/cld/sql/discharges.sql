-- Step 13a, hospital spells read and sorted: each row of the discharges file either is a spell 2D
-- counts (set_aside NULL) or carries the first reason, in this order, that it is not:
--   unreadable: no NHS number, no council of residence, admission or discharge date blank or
--     unreadable, age unknown, last-episode flag neither yes nor no;
--   the SUS filters (DHSC, Create_ASCOF_2D.sql): not the last episode of its spell; admission
--     method, discharge method, destination or treatment function on a list of discharge_codes
--     (discharge_codes.toml); a blank code where the file has the column, as DHSC's code reads
--     NOT IN (params.code_nulls; the documents rule keeps it); Qualifying = no (lists applied before);
--   the method's rules: admitted before 2023-04-01 (the CLD's start) or not before the discharge;
--     under 65 at discharge; discharged outside the period; council of residence outside England
--     (DHSC keeps England's councils only); in long-term nursing, residential or prison support
--     (any council's CLD) on the admission date;
--   a second qualifying row of a spell (same Spell_ID): one spell counts once.
-- Age at discharge: from Birth_Year and Birth_Month where both are read, by the method's rule
-- (age.sql: born on the 1st of the month, whole 365.25-day years to the discharge date), else
-- Age_At_Discharge. Emergency: Management_Type EM or NE where given, else Emergency_Admission yes.
-- readmission: the spell can count as an emergency readmission in 2D part 1 (whatever set it aside
-- above): an NHS number and admission date, the last episode, emergency, not a stillbirth
-- (discharge method 5; blank as for the code lists). Its own discharge is not tested: a same-day
-- stay or a spell not yet ended is still a readmission (method note, 2D part 1).
-- Input: discharges_raw, discharge_codes, events, params. Output: discharges.
WITH p AS (
    SELECT period_start, period_end, code_nulls FROM params
),
cleaned AS (
    SELECT
        row_no, clean_text(Admission_Date) AS Admission_Date, clean_text(Discharge_Date) AS Discharge_Date,
        clean_text(Date_of_Death) AS Date_of_Death, clean_text(Age_At_Discharge) AS Age_At_Discharge,
        clean_text(Birth_Year) AS Birth_Year, clean_text(Birth_Month) AS Birth_Month,
        Spell_ID, NHS_Number, Resident_LA_Code, Qualifying, Last_Episode_In_Spell, Admission_Method, Discharge_Method,
        Discharge_Destination, Treatment_Function_Code, Management_Type, Emergency_Admission,
        given_Last_Episode_In_Spell, given_Admission_Method, given_Discharge_Method, given_Discharge_Destination,
        given_Treatment_Function_Code
    FROM discharges_raw
),
typed AS (
    SELECT
        row_no,
        COALESCE(clean_text(Spell_ID), CONCAT('row ', CAST(row_no AS VARCHAR))) AS spell_id,
        clean_text(NHS_Number) AS nhs_number,
        UPPER(clean_text(Resident_LA_Code)) AS resident_la,
        read_date(Admission_Date) AS admission_date,
        read_date(Discharge_Date) AS discharge_date,
        read_date(Date_of_Death) AS death_date,
        read_whole(Age_At_Discharge) AS age_given,
        read_whole(Birth_Year) AS birth_year,
        read_whole(Birth_Month) AS birth_month,
        LOWER(COALESCE(clean_text(Qualifying), 'yes')) IN ('y', 'yes', 'true', '1') AS qualifying,
        CASE WHEN NOT given_Last_Episode_In_Spell THEN TRUE
             WHEN LOWER(clean_text(Last_Episode_In_Spell)) IN ('y', 'yes', 'true', '1') THEN TRUE
             WHEN LOWER(clean_text(Last_Episode_In_Spell)) IN ('n', 'no', 'false', '0') THEN FALSE END AS last_episode,
        clean_text(Admission_Method) AS admission_method,
        clean_text(Discharge_Method) AS discharge_method,
        clean_text(Discharge_Destination) AS destination,
        clean_text(Treatment_Function_Code) AS treatment_function,
        UPPER(clean_text(Management_Type)) AS management_type,
        LOWER(COALESCE(clean_text(Emergency_Admission), 'no')) IN ('y', 'yes', 'true', '1') AS emergency_flag,
        given_Admission_Method, given_Discharge_Method, given_Discharge_Destination, given_Treatment_Function_Code
    FROM cleaned
),
aged AS (
    SELECT
        t.*,
        COALESCE(
            CASE WHEN birth_year BETWEEN 1900 AND 2100 AND birth_month BETWEEN 1 AND 12
                 THEN CAST(age_at(birth_date_of(birth_year, birth_month), discharge_date) AS INTEGER) END,
            age_given) AS age
    FROM typed AS t
),
-- Each code the file holds, once per list it could be on, with the list's reason where it is on it.
seen AS (
    SELECT 'admission_method' AS list, admission_method AS code FROM aged
    UNION SELECT 'discharge_method', discharge_method FROM aged
    UNION SELECT 'discharge_destination', destination FROM aged
    UNION SELECT 'treatment_function', treatment_function FROM aged
    UNION SELECT 'readmission_management_type', management_type FROM aged
    UNION SELECT 'readmission_discharge_method_excluded', discharge_method FROM aged
),
listed AS (
    SELECT s.list, s.code, MIN(c.reason) AS reason
    FROM seen AS s
    JOIN discharge_codes AS c ON c.list = s.list AND s.code LIKE c.pattern
    GROUP BY s.list, s.code
),
-- Spells whose person was in long-term nursing, residential or prison support on the admission date.
in_long_term AS (
    SELECT DISTINCT a.row_no
    FROM aged AS a
    JOIN events AS e ON e.person_id = a.nhs_number
    WHERE e.Client_Type = 'Service user' AND e.Event_Type = 'Service'
      AND e.Service_Type IN ('Long term support: Nursing care', 'Long term support: Residential care',
                             'Long term support: Prison')
      AND e.Event_Start_Date <= a.admission_date
      AND (e.Der_Event_End_Date IS NULL OR e.Der_Event_End_Date >= a.admission_date)
),
reasoned AS (
    SELECT
        a.row_no, a.spell_id, a.nhs_number, a.resident_la, a.admission_date, a.discharge_date, a.death_date, a.age,
        CASE
            WHEN a.nhs_number IS NULL THEN 'no NHS number'
            WHEN a.resident_la IS NULL THEN 'no council of residence'
            WHEN a.admission_date IS NULL OR a.discharge_date IS NULL THEN 'admission or discharge date blank or unreadable'
            WHEN a.age IS NULL THEN 'age at discharge blank or unreadable (Age_At_Discharge, or Birth_Year and Birth_Month)'
            WHEN a.last_episode IS NULL THEN 'Last_Episode_In_Spell blank or not yes/no'
            WHEN NOT a.last_episode THEN 'not the last episode of its spell'
            WHEN am.reason IS NOT NULL THEN am.reason
            WHEN a.admission_method IS NULL AND a.given_Admission_Method AND p.code_nulls
                THEN 'admission method blank (DHSC''s code sets it aside)'
            WHEN dm.reason IS NOT NULL THEN dm.reason
            WHEN a.discharge_method IS NULL AND a.given_Discharge_Method AND p.code_nulls
                THEN 'discharge method blank (DHSC''s code sets it aside)'
            WHEN dd.reason IS NOT NULL THEN dd.reason
            WHEN a.destination IS NULL AND a.given_Discharge_Destination AND p.code_nulls
                THEN 'destination blank (DHSC''s code sets it aside)'
            WHEN tf.reason IS NOT NULL THEN tf.reason
            WHEN a.treatment_function IS NULL AND a.given_Treatment_Function_Code AND p.code_nulls
                THEN 'treatment function blank (DHSC''s code sets it aside)'
            WHEN NOT a.qualifying THEN 'not qualifying (Qualifying column: code lists applied before)'
            WHEN a.admission_date < DATE '2023-04-01' OR a.admission_date >= a.discharge_date
                THEN 'admitted before 2023-04-01, or not before the discharge'
            WHEN a.age < 65 THEN 'under 65 at discharge'
            WHEN a.discharge_date < p.period_start OR a.discharge_date > p.period_end THEN 'discharged outside the period'
            WHEN a.resident_la NOT LIKE 'E%' THEN 'council of residence outside England'
            WHEN lt.row_no IS NOT NULL THEN 'in long-term nursing, residential or prison support at admission'
        END AS set_aside,
        a.nhs_number IS NOT NULL AND a.admission_date IS NOT NULL AND COALESCE(a.last_episode, FALSE)
            AND CASE WHEN a.management_type IS NOT NULL THEN em.code IS NOT NULL ELSE a.emergency_flag END
            AND xs.code IS NULL
            AND NOT (a.discharge_method IS NULL AND a.given_Discharge_Method AND p.code_nulls) AS readmission
    FROM aged AS a
    CROSS JOIN p
    LEFT JOIN listed AS am ON am.list = 'admission_method' AND am.code = a.admission_method
    LEFT JOIN listed AS dm ON dm.list = 'discharge_method' AND dm.code = a.discharge_method
    LEFT JOIN listed AS dd ON dd.list = 'discharge_destination' AND dd.code = a.destination
    LEFT JOIN listed AS tf ON tf.list = 'treatment_function' AND tf.code = a.treatment_function
    LEFT JOIN listed AS em ON em.list = 'readmission_management_type' AND em.code = a.management_type
    LEFT JOIN listed AS xs ON xs.list = 'readmission_discharge_method_excluded' AND xs.code = a.discharge_method
    LEFT JOIN in_long_term AS lt ON lt.row_no = a.row_no
),
-- Spells with more than one qualifying row, and the first of them (the one kept).
repeated AS (
    SELECT spell_id, MIN(row_no) AS first_row
    FROM reasoned
    WHERE set_aside IS NULL
    GROUP BY spell_id
    HAVING COUNT(*) > 1
)
SELECT
    r.row_no, r.spell_id, r.nhs_number, r.resident_la, r.admission_date, r.discharge_date, r.death_date, r.age,
    r.readmission,
    CASE
        WHEN r.set_aside IS NOT NULL THEN r.set_aside
        WHEN r.row_no <> d.first_row THEN 'a second qualifying row of the same spell (Spell_ID)'
    END AS set_aside
FROM reasoned AS r
LEFT JOIN repeated AS d ON d.spell_id = r.spell_id
