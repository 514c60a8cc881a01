-- Step 2b, reporting periods: one row per submission, its stated period, import date and the
-- period derived from its data (DHSC REF_Submission_Reporting_Periods).
-- A submission is one input file's rows for one council with one stated reporting period
-- (source_file, LA_Code, Reporting_Period_Start_Date, Reporting_Period_End_Date); rows whose
-- period is blank, unreadable, reversed or ends after today belong to none (identity.sql sets them aside).
-- ImportDate: the latest import date on the submission's rows (read_timestamp, dates.sql: ISO date
-- or date-time, or dd/mm/yyyy), NULL when the file has no such column; unreadable_import_dates counts values given
-- but unreadable. It is read from cld_raw by row: only files that have the column are scanned.
-- Derived period: months of the event end dates (before the import month when the import date is
-- known). A month is kept when it holds at least 2% of the submission's end dates and at least
-- (the most event types any month holds - 1) event types; a submission with fewer than 100 end
-- dates keeps every month. The derived period runs from the first kept month's 1st to the last
-- kept month's last day (NULL with no end dates). It is not used to select rows: the quality
-- report lists submissions whose stated period differs from it. Why the stated period selects: it
-- is what the council declared for the file, while the derived one guesses it from the data (DHSC's
-- main script selects by it, and its newer code replaces the rule with another), so a mismatch is
-- shown to the officer rather than silently changing which rows are read.
-- Input: cld_checked, cld_raw. Output: reporting_periods.
WITH monthly AS (
    SELECT
        source_file, LA_Code, Reporting_Period_Start_Date, Reporting_Period_End_Date,
        CAST(DATE_TRUNC('month', Event_End_Date) AS DATE) AS end_month, Event_Type, COUNT(*) AS n
    FROM cld_checked
    WHERE LA_Code IS NOT NULL AND Reporting_Period_Start_Date <= Reporting_Period_End_Date
      AND Reporting_Period_End_Date <= current_date  -- a future end is set aside (identity.sql)
    GROUP BY
        source_file, LA_Code, Reporting_Period_Start_Date, Reporting_Period_End_Date,
        CAST(DATE_TRUNC('month', Event_End_Date) AS DATE), Event_Type
),
import_text AS (
    SELECT row_id, clean_text(ImportDate) AS text FROM cld_raw
),
import_read AS (
    SELECT row_id, read_timestamp(text) AS read_as
    FROM import_text
    WHERE text IS NOT NULL
),
import_dates AS (
    SELECT
        c.source_file, c.LA_Code, c.Reporting_Period_Start_Date, c.Reporting_Period_End_Date,
        MAX(i.read_as) AS ImportDate,
        SUM(CASE WHEN i.read_as IS NULL THEN 1 ELSE 0 END) AS unreadable_import_dates
    FROM cld_checked AS c
    JOIN import_read AS i ON i.row_id = c.row_id
    WHERE c.LA_Code IS NOT NULL AND c.Reporting_Period_Start_Date <= c.Reporting_Period_End_Date
      AND c.Reporting_Period_End_Date <= current_date
    GROUP BY c.source_file, c.LA_Code, c.Reporting_Period_Start_Date, c.Reporting_Period_End_Date
),
submissions AS (
    SELECT
        m.source_file, m.LA_Code, m.Reporting_Period_Start_Date, m.Reporting_Period_End_Date,
        SUM(m.n) AS n_rows
    FROM monthly AS m
    GROUP BY m.source_file, m.LA_Code, m.Reporting_Period_Start_Date, m.Reporting_Period_End_Date
),
months AS (
    SELECT
        m.source_file, m.LA_Code, m.Reporting_Period_Start_Date, m.Reporting_Period_End_Date, m.end_month,
        SUM(m.n) AS n_ending, COUNT(m.Event_Type) AS n_event_types
    FROM monthly AS m
    LEFT JOIN import_dates AS i
        ON i.source_file = m.source_file AND i.LA_Code = m.LA_Code
       AND i.Reporting_Period_Start_Date = m.Reporting_Period_Start_Date
       AND i.Reporting_Period_End_Date = m.Reporting_Period_End_Date
    WHERE m.end_month IS NOT NULL
      AND (i.ImportDate IS NULL OR m.end_month < CAST(DATE_TRUNC('month', i.ImportDate) AS DATE))
    GROUP BY m.source_file, m.LA_Code, m.Reporting_Period_Start_Date, m.Reporting_Period_End_Date, m.end_month
),
months_in_file AS (
    SELECT
        m.*,
        SUM(m.n_ending) OVER (PARTITION BY m.source_file, m.LA_Code, m.Reporting_Period_Start_Date,
                                           m.Reporting_Period_End_Date) AS n_ending_in_file,
        MAX(m.n_event_types) OVER (PARTITION BY m.source_file, m.LA_Code, m.Reporting_Period_Start_Date,
                                                m.Reporting_Period_End_Date) AS most_event_types
    FROM months AS m
),
derived AS (
    SELECT
        source_file, LA_Code, Reporting_Period_Start_Date, Reporting_Period_End_Date,
        MIN(end_month) AS Der_Reporting_Period_Start_Date,
        MAX(LAST_DAY(end_month)) AS Der_Reporting_Period_End_Date
    FROM months_in_file
    WHERE n_ending_in_file < 100 OR (n_ending * 50 >= n_ending_in_file AND n_event_types >= most_event_types - 1)
    GROUP BY source_file, LA_Code, Reporting_Period_Start_Date, Reporting_Period_End_Date
)
SELECT
    s.source_file, s.LA_Code, s.Reporting_Period_Start_Date, s.Reporting_Period_End_Date, s.n_rows,
    i.ImportDate, COALESCE(i.unreadable_import_dates, 0) AS unreadable_import_dates,
    d.Der_Reporting_Period_Start_Date, d.Der_Reporting_Period_End_Date
FROM submissions AS s
LEFT JOIN import_dates AS i
    ON i.source_file = s.source_file AND i.LA_Code = s.LA_Code
   AND i.Reporting_Period_Start_Date = s.Reporting_Period_Start_Date
   AND i.Reporting_Period_End_Date = s.Reporting_Period_End_Date
LEFT JOIN derived AS d
    ON d.source_file = s.source_file AND d.LA_Code = s.LA_Code
   AND d.Reporting_Period_Start_Date = s.Reporting_Period_Start_Date
   AND d.Reporting_Period_End_Date = s.Reporting_Period_End_Date
