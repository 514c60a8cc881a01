-- Step 0, age: the method's one rule for a person's age, defined once and called by every measure.
-- The date of birth is the 1st of the birth month (CLD holds only year and month); age at a
-- reference date is the whole number of 365.25-day years between them (DHSC: FLOOR(DATEDIFF(day,
-- dob, ref) / 365.25)). Unknown birth date: unknown age. Each measure names its reference date:
-- 2A the cluster end, 2B/2C the service start, 2E the latest long-term end capped at the period
-- end, 3D the period end.
-- Age bands as the publication words them; unknown age has no band.
CREATE OR REPLACE MACRO birth_date_of(birth_year, birth_month) AS
    CASE WHEN birth_year IS NOT NULL AND birth_month IS NOT NULL THEN MAKE_DATE(birth_year, birth_month, 1) END;
CREATE OR REPLACE MACRO age_at(birth_date, reference_date) AS
    FLOOR(DATE_DIFF('day', birth_date, reference_date) / 365.25);
CREATE OR REPLACE MACRO age_band(age) AS
    CASE WHEN age IS NULL THEN NULL WHEN age < 18 THEN 'under 18' WHEN age < 65 THEN '18-64' ELSE '65 and over' END;
