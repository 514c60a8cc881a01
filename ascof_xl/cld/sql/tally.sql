-- Step 14, counts per council, measure and disaggregation from every measure's units.
-- Total for every measure; age bands for 2A and the 3D parts (unknown age in Total only); Male and
-- Female for the 2E parts.
-- Input: units. Output: tally.
SELECT LA_Code, measure, 'Total' AS disaggregation,
       SUM(in_numerator) AS numerator, SUM(in_denominator) AS denominator
FROM units
GROUP BY LA_Code, measure
UNION ALL
SELECT LA_Code, measure, age_band, SUM(in_numerator), SUM(in_denominator)
FROM units
WHERE measure IN ('2A', '3D1A', '3D2A', '3D1B', '3D2B') AND age_band IS NOT NULL
GROUP BY LA_Code, measure, age_band
UNION ALL
SELECT LA_Code, measure, gender, SUM(in_numerator), SUM(in_denominator)
FROM units
WHERE measure IN ('2E1', '2E2A', '2E2B') AND gender IN ('Male', 'Female')
GROUP BY LA_Code, measure, gender
