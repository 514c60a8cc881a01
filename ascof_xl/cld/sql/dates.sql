-- Function, dates: a date as CLD extracts write it, read once by one rule for every date field.
-- ISO (2024-06-30, with or without a time) or day first (30/06/2024); anything else is unreadable
-- (NULL), which the steps that call it count as a field problem.
CREATE OR REPLACE MACRO read_date(text) AS
    COALESCE(TRY_CAST(text AS DATE),
             CASE WHEN text LIKE '__/__/____'
                  THEN TRY_CAST(CONCAT(SUBSTRING(text, 7, 4), '-', SUBSTRING(text, 4, 2), '-', SUBSTRING(text, 1, 2)) AS DATE)
             END);
