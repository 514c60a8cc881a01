-- Step 2c, submissions: which submission supplies each council's calendar quarters (DHSC's joined
-- submissions table; GetSubmissions, run quarter by quarter).
-- Order (latest last): a council's submissions are ordered by ImportDate when every one of them
-- carries one; otherwise, and to break ties, by the later stated period end, then the later file on
-- the command line (source_file), then the later stated start.
-- Each calendar quarter (Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec) a submission's stated period touches
-- goes to the latest submission whose stated period covers the whole quarter; when none covers it
-- whole, to the latest whose period touches it.
-- A submission's rows keep, as their reporting period, the span of the quarters it wins, within its
-- stated period (Used_Period_Start_Date to Used_Period_End_Date). The quarters a submission wins are
-- contiguous in practice; if a later submission takes a quarter in the middle of an earlier one's
-- period, the earlier one still spans from its first to its last won quarter, so the middle
-- quarter's events may come from both; the unique-event step keeps one of each, the earlier
-- submission's record where its span ends later (a known limit, not seen in real submissions).
-- A submission that wins no quarter supplies nothing: superseded says why (filter.sql sets its rows
-- aside); narrowed marks one that wins only part of its stated period, and lost_quarter_reason is
-- the reason given to its rows that fall only in quarters it lost.
-- Rows are not copied per quarter: this table is a few rows per council, joined in filter.sql.
-- Input: reporting_periods. Output: submissions.
WITH flagged AS (
    SELECT
        r.*,
        COUNT(r.ImportDate) OVER (PARTITION BY r.LA_Code) = COUNT(*) OVER (PARTITION BY r.LA_Code) AS by_import_date
    FROM reporting_periods AS r
),
ordered AS (
    SELECT
        f.*,
        ROW_NUMBER() OVER (
            PARTITION BY f.LA_Code
            ORDER BY CASE WHEN f.by_import_date THEN f.ImportDate END, f.Reporting_Period_End_Date, f.source_file,
                     f.Reporting_Period_Start_Date
        ) AS submission_order
    FROM flagged AS f
),
quarter_starts AS (
    SELECT
        o.LA_Code, o.submission_order, o.Reporting_Period_Start_Date, o.Reporting_Period_End_Date,
        UNNEST(GENERATE_SERIES(CAST(DATE_TRUNC('quarter', o.Reporting_Period_Start_Date) AS TIMESTAMP),
                               CAST(o.Reporting_Period_End_Date AS TIMESTAMP), INTERVAL 3 MONTH)) AS quarter_start
    FROM ordered AS o
),
quarters AS (
    SELECT
        q.LA_Code, q.submission_order, q.Reporting_Period_Start_Date, q.Reporting_Period_End_Date,
        CAST(q.quarter_start AS DATE) AS quarter_start,
        CAST(q.quarter_start + INTERVAL 3 MONTH - INTERVAL 1 DAY AS DATE) AS quarter_end
    FROM quarter_starts AS q
),
contested AS (
    SELECT
        q.*,
        FIRST_VALUE(q.submission_order) OVER (
            PARTITION BY q.LA_Code, q.quarter_start
            ORDER BY CASE WHEN q.Reporting_Period_Start_Date <= q.quarter_start
                               AND q.Reporting_Period_End_Date >= q.quarter_end THEN 1 ELSE 0 END DESC,
                     q.submission_order DESC
        ) AS winner
    FROM quarters AS q
),
won AS (
    SELECT
        LA_Code, submission_order,
        SUM(CASE WHEN winner = submission_order THEN 1 ELSE 0 END) AS quarters_won,
        SUM(CASE WHEN winner < submission_order THEN 1 ELSE 0 END) AS quarters_lost_to_earlier,
        MIN(CASE WHEN winner = submission_order THEN quarter_start END) AS first_won_start,
        MAX(CASE WHEN winner = submission_order THEN quarter_end END) AS last_won_end
    FROM contested
    GROUP BY LA_Code, submission_order
)
SELECT
    o.source_file, o.LA_Code, o.Reporting_Period_Start_Date, o.Reporting_Period_End_Date, o.ImportDate,
    o.by_import_date, o.submission_order, o.n_rows, w.quarters_won,
    CASE WHEN w.quarters_won > 0 THEN GREATEST(o.Reporting_Period_Start_Date, w.first_won_start) END
        AS Used_Period_Start_Date,
    CASE WHEN w.quarters_won > 0 THEN LEAST(o.Reporting_Period_End_Date, w.last_won_end) END AS Used_Period_End_Date,
    w.quarters_won > 0 AND (w.first_won_start > o.Reporting_Period_Start_Date
                            OR w.last_won_end < o.Reporting_Period_End_Date) AS narrowed,
    CASE
        WHEN w.quarters_won > 0 THEN NULL
        WHEN w.quarters_lost_to_earlier = 0
            THEN 'superseded: a later submission from the council covers the same quarters'
        ELSE 'superseded: its quarters are taken from submissions that cover them whole'
    END AS superseded,
    CASE
        WHEN w.quarters_lost_to_earlier = 0 THEN 'in a quarter a later submission from the council covers'
        ELSE 'in a quarter taken from another submission that covers it whole'
    END AS lost_quarter_reason
FROM ordered AS o
JOIN won AS w ON w.LA_Code = o.LA_Code AND w.submission_order = o.submission_order
