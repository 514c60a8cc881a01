-- Check, date orders: which way round each file writes its nn/nn/yyyy dates, per date column.
-- read_date (dates.sql) reads nn/nn/yyyy day first. A first part over 12 shows the file writes the
-- day first; a second part over 12 shows it writes the month first (12/31/2024), and then every date
-- whose parts are both 12 or under (03/04/2024) cannot be told apart: checks.py reports it.
-- first_month_first and first_ambiguous locate an example of each (row_id and the text).
-- Input: cld_raw. Output: one row per file and date column holding any nn/nn/yyyy date.
WITH dates AS (
    SELECT source_file, row_id, field, TRIM(text) AS text
    FROM (SELECT source_file, row_id, Event_Start_Date, Event_End_Date, Date_of_Death,
                 Reporting_Period_Start_Date, Reporting_Period_End_Date FROM cld_raw)
    UNPIVOT (text FOR field IN (Event_Start_Date, Event_End_Date, Date_of_Death,
                                Reporting_Period_Start_Date, Reporting_Period_End_Date))
),
parts AS (
    SELECT source_file, row_id, field, text,
           TRY_CAST(SUBSTRING(text, 1, 2) AS INTEGER) AS first_part,
           TRY_CAST(SUBSTRING(text, 4, 2) AS INTEGER) AS second_part
    FROM dates
    WHERE text LIKE '__/__/____%'
)
SELECT
    source_file, field,
    COUNT(*) FILTER (WHERE first_part > 12 AND second_part <= 12) AS day_first,
    COUNT(*) FILTER (WHERE second_part > 12 AND first_part <= 12) AS month_first,
    COUNT(*) FILTER (WHERE first_part <= 12 AND second_part <= 12 AND first_part <> second_part) AS ambiguous,
    ARG_MIN(row_id, row_id) FILTER (WHERE second_part > 12 AND first_part <= 12) AS month_first_row,
    ARG_MIN(text, row_id) FILTER (WHERE second_part > 12 AND first_part <= 12) AS month_first_text,
    ARG_MIN(row_id, row_id) FILTER (WHERE first_part <= 12 AND second_part <= 12 AND first_part <> second_part)
        AS ambiguous_row,
    ARG_MIN(text, row_id) FILTER (WHERE first_part <= 12 AND second_part <= 12 AND first_part <> second_part)
        AS ambiguous_text
FROM parts
GROUP BY source_file, field
ORDER BY source_file, field
