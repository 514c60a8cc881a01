-- Function, services: DHSC's hierarchy of service types, highest first (2A's sequel, the person
-- details' latest service): Nursing 1, Residential 2, Community 3, Prison 4, ST-Max 5, Ongoing low
-- level 6, Other short term 7; any other type (carers' support, blank) has no rank (NULL).
CREATE OR REPLACE MACRO service_rank(service_type) AS
    CASE service_type
        WHEN 'Long term support: Nursing care' THEN 1
        WHEN 'Long term support: Residential care' THEN 2
        WHEN 'Long term support: Community' THEN 3
        WHEN 'Long term support: Prison' THEN 4
        WHEN 'Short term support: ST-Max' THEN 5
        WHEN 'Short term support: Ongoing low level' THEN 6
        WHEN 'Short term support: Other short term' THEN 7
    END;
