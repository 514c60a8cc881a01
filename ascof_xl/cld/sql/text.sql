-- Function, text: how every value of an extract is read before anything else, by rules written
-- out here rather than left to an engine's casting (DuckDB and Spark read text differently: Spark's
-- TRIM keeps a non-breaking space, DuckDB's keeps a tab; casting 1950.6 to a whole number rounds in
-- one and truncates in the other), so that every engine gives the same answer for any input.
-- clean_text: the value with the characters below removed from both ends; blank, or the text
-- 'NULL' in any case (as SQL Server and Excel exports write a missing value), is no value (NULL).
-- The characters: space, tab, line feed, vertical tab, form feed, carriage return, next line,
-- non-breaking space, figure space, zero-width space, line and paragraph separators, narrow
-- non-breaking space and the byte-order mark.
CREATE OR REPLACE MACRO trim_text(text) AS
    TRIM(text, CHR(32) || CHR(9) || CHR(10) || CHR(11) || CHR(12) || CHR(13) || CHR(133) || CHR(160) || CHR(8199)
               || CHR(8203) || CHR(8232) || CHR(8233) || CHR(8239) || CHR(65279));
-- (UPPER is asked only of a four-character value: on Spark it costs as much as the trim.)
CREATE OR REPLACE MACRO clean_text(text) AS
    CASE WHEN trim_text(text) = '' OR (LENGTH(trim_text(text)) = 4 AND UPPER(trim_text(text)) = 'NULL') THEN NULL
         ELSE trim_text(text)
    END;
-- read_whole: a whole number from cleaned text (cleaned first, as dates.sql says why) written as
-- digits, with at most six decimals (1950, 1950.0, 6.5), rounded half up to the whole number
-- (1950.6 is 1951, 6.5 is 7): a spreadsheet that stored a year as a decimal meant the nearest year.
-- Anything else (a sign, an exponent, letters, 1,950) is unreadable: NULL.
CREATE OR REPLACE MACRO read_whole(text) AS
    CASE WHEN REGEXP_MATCHES(text, '^[0-9]{1,6}([.][0-9]{1,6})?$')
         THEN CAST(ROUND(CAST(text AS DECIMAL(12, 6))) AS INTEGER) END;
