-- Step 1a, trimmed: every raw text value cleaned (clean_text, text.sql: named characters trimmed,
-- blank or 'NULL' is no value), before anything is read from it.
-- (A view on DuckDB. Spark stores it: Spark compiles a stage's expressions into one Java method,
-- and cleaning, reading and mapping every field together came to 13.8 kB of bytecode, over the
-- 8,000 bytes the JVM compiles, so it ran interpreted, several times slower.)
-- Input: cld_raw (every column text). Output: cld_trimmed.
SELECT
    source_file,
    row_id,
    clean_text(LA_Code) AS LA_Code,
    clean_text(LA_Name) AS LA_Name,
    clean_text(Der_NHS_Number_Traced_Pseudo) AS Der_NHS_Number_Traced_Pseudo,
    clean_text(Der_NHS_Number_Pseudo) AS Der_NHS_Number_Pseudo,
    clean_text(LA_Person_Unique_Identifier) AS LA_Person_Unique_Identifier,
    clean_text(Event_Reference) AS Event_Reference,
    clean_text(Request_Route_of_Access) AS Request_Route_of_Access,
    clean_text(Assessment_Type) AS Assessment_Type,
    clean_text(Der_Birth_Year) AS Der_Birth_Year,
    clean_text(Der_Birth_Month) AS Der_Birth_Month,
    clean_text(Event_Start_Date) AS Event_Start_Date,
    clean_text(Event_End_Date) AS Event_End_Date,
    clean_text(Date_of_Death) AS Date_of_Death,
    clean_text(Reporting_Period_Start_Date) AS Reporting_Period_Start_Date,
    clean_text(Reporting_Period_End_Date) AS Reporting_Period_End_Date,
    clean_text(Client_Type) AS Client_Type,
    clean_text(Event_Type) AS Event_Type,
    clean_text(Service_Type) AS Service_Type,
    clean_text(Delivery_Mechanism) AS Delivery_Mechanism,
    clean_text(Event_Outcome) AS Event_Outcome,
    clean_text(Accommodation_Status) AS Accommodation_Status,
    clean_text(Service_Component) AS Service_Component,
    clean_text(Gender) AS Gender,
    clean_text(Primary_Support_Reason) AS Primary_Support_Reason
FROM cld_raw
