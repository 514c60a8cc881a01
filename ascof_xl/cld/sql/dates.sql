-- Function, dates: a date as CLD extracts write it, read once by one rule for every date field.
-- The text (cleaned, text.sql) is matched against the shapes allowed before anything is
-- converted, so no engine's reading of dates decides: the specification's YYYY-MM-DD, optionally
-- followed by a time (T or a space, hh:mm, seconds, a fraction, Z or an offset such as +01:00),
-- which is not used; and DD/MM/YYYY, day first, as UK systems and Excel write dates, optionally
-- with a time. Anything else (2024, 2024-06, 2024/06/30, 2024-6-3, 30-06-2024, 20240630, text
-- after the date) and any day the month does not have (2024-02-30, 29/02/2023) is unreadable
-- (NULL), which the steps that call it count as a field problem.
CREATE OR REPLACE MACRO date_shape(text) AS
    CASE
        WHEN REGEXP_MATCHES(text, '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,9})?)?( ?(Z|[+-][0-9]{2}(:?[0-9]{2})?))?)?$')
            THEN 'ymd'
        WHEN REGEXP_MATCHES(text, '^[0-9]{2}/[0-9]{2}/[0-9]{4}( ([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?)?$')
            THEN 'dmy'
    END;
-- A date from its year, month and day as whole numbers, NULL when the month has no such day
-- (the Gregorian leap years).
CREATE OR REPLACE MACRO date_of(year, month, day) AS
    CASE WHEN year >= 1 AND month BETWEEN 1 AND 12
              AND day BETWEEN 1 AND CASE WHEN month = 2
                                         THEN CASE WHEN (year % 4 = 0 AND year % 100 <> 0) OR year % 400 = 0
                                                   THEN 29 ELSE 28 END
                                         WHEN month IN (4, 6, 9, 11) THEN 30
                                         ELSE 31 END
         THEN MAKE_DATE(year, month, day) END;
CREATE OR REPLACE MACRO read_date(text) AS
    CASE date_shape(text)
        WHEN 'ymd' THEN date_of(CAST(SUBSTRING(text, 1, 4) AS INTEGER), CAST(SUBSTRING(text, 6, 2) AS INTEGER),
                                CAST(SUBSTRING(text, 9, 2) AS INTEGER))
        WHEN 'dmy' THEN date_of(CAST(SUBSTRING(text, 7, 4) AS INTEGER), CAST(SUBSTRING(text, 4, 2) AS INTEGER),
                                CAST(SUBSTRING(text, 1, 2) AS INTEGER))
    END;
-- read_timestamp: a date and time (ImportDate) in the same shapes, to the second (a fraction and
-- an offset are not used; no time is midnight): the parts are put in the one form both engines
-- read alike, YYYY-MM-DD hh:mm:ss, once the date is known to be a real one.
CREATE OR REPLACE MACRO clock_of(rest) AS
    CASE WHEN rest = '' THEN '00:00:00'
         WHEN SUBSTRING(rest, 6, 1) = ':' THEN SUBSTRING(rest, 1, 8)
         ELSE CONCAT(SUBSTRING(rest, 1, 5), ':00') END;
CREATE OR REPLACE MACRO read_timestamp(text) AS
    CASE WHEN read_date(text) IS NOT NULL
         THEN CAST(CONCAT(CASE date_shape(text) WHEN 'ymd' THEN SUBSTRING(text, 1, 10)
                               ELSE CONCAT(SUBSTRING(text, 7, 4), '-', SUBSTRING(text, 4, 2), '-', SUBSTRING(text, 1, 2)) END,
                          ' ', clock_of(SUBSTRING(text, 12))) AS TIMESTAMP) END;
