-- Function, dates: a date as CLD extracts write it, read once by one rule for every date field.
-- The text (cleaned, text.sql, which every caller must do first: Spark's $ also matches before a
-- final line break, which cleaning removes) is matched against the shapes allowed before anything
-- is converted, so no engine's reading of dates decides: the specification's YYYY-MM-DD, optionally
-- followed by a time (T or a space, hh:mm, seconds, a fraction, Z or an offset such as +01:00),
-- which is not used; and DD/MM/YYYY, day first, as UK systems and Excel write dates, optionally
-- with a time. Anything else (2024, 2024-06, 2024/06/30, 2024-6-3, 30-06-2024, 20240630, text
-- after the date) and any day the calendar does not have (2024-02-30, 29/02/2023, year 0000) is
-- unreadable (NULL), which the steps that call it count as a field problem.
-- date_text: the date part of an allowed shape written YYYY-MM-DD (NULL for any other shape).
CREATE OR REPLACE MACRO date_text(text) AS
    CASE
        WHEN REGEXP_MATCHES(text, '^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,9})?)?( ?(Z|[+-][0-9]{2}(:?[0-9]{2})?))?)?$')
            THEN SUBSTRING(text, 1, 10)
        WHEN REGEXP_MATCHES(text, '^[0-9]{2}/[0-9]{2}/[0-9]{4}( ([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?)?$')
            THEN CONCAT(SUBSTRING(text, 7, 4), '-', SUBSTRING(text, 4, 2), '-', SUBSTRING(text, 1, 2))
    END;
-- calendar_date: a YYYY-MM-DD text kept only when the Gregorian calendar has that day, matched
-- in one pattern (years 0001 to 9999; days 1 to 28 of any month, 29 and 30 of any month but
-- February, 31 of the long months, and 29 February of a leap year: divisible by 4 and not by
-- 100, or by 400), so converting it is the same plain ISO reading on every engine. REGEXP_EXTRACT
-- gives '' for no match on both engines; that is NULL here.
CREATE OR REPLACE MACRO calendar_date(iso) AS
    NULLIF(REGEXP_EXTRACT(iso, '^(([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})-((0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])|(0[13-9]|1[0-2])-(29|30)|(0[13578]|1[02])-31)|([0-9]{2}(0[48]|[2468][048]|[13579][26])|([02468][048]|[13579][26])00)-02-29)$', 0), '');
CREATE OR REPLACE MACRO read_date(text) AS
    CAST(calendar_date(date_text(text)) AS DATE);
-- read_timestamp: a date and time (ImportDate) in the same shapes, to the second (a fraction and
-- an offset are not used; no time is midnight): the parts are put in the one form both engines
-- read alike, YYYY-MM-DD hh:mm:ss, once the date is known to be a real one (|| gives NULL for
-- no date on both engines, where DuckDB's CONCAT would skip it).
CREATE OR REPLACE MACRO clock_of(rest) AS
    CASE WHEN rest = '' THEN '00:00:00'
         WHEN SUBSTRING(rest, 6, 1) = ':' THEN SUBSTRING(rest, 1, 8)
         ELSE CONCAT(SUBSTRING(rest, 1, 5), ':00') END;
CREATE OR REPLACE MACRO read_timestamp(text) AS
    CAST(calendar_date(date_text(text)) || ' ' || clock_of(SUBSTRING(text, 12)) AS TIMESTAMP);
