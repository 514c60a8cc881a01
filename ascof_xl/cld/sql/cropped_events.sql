-- Step 4b, the kept events with Der_Event_End_Date after cropping (a view: the crops are few, so
-- the kept rows are read where needed rather than stored a second time).
-- Input: events_filtered, crops. Output: events_cropped.
SELECT
    k.source_file, k.row_id, k.LA_Code, k.person_id, k.Client_Type, k.Event_Type, k.Event_Reference,
    k.Event_Start_Date, k.Event_End_Date,
    COALESCE(c.cropped_end, k.Der_Event_End_Date) AS Der_Event_End_Date,
    k.Event_Outcome, k.Request_Route_of_Access, k.Assessment_Type, k.Service_Type, k.Service_Component,
    k.Delivery_Mechanism, k.Reporting_Period_Start_Date, k.Reporting_Period_End_Date,
    k.Gender, k.Accommodation_Status, k.Primary_Support_Reason, k.Date_of_Death, k.Der_Birth_Year, k.Der_Birth_Month
FROM events_filtered AS k
LEFT JOIN crops AS c ON c.row_id = k.row_id
WHERE k.drop_reason IS NULL
