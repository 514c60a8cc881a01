"""The national CLD column names: which the method needs, which it reads when present, and the rest."""

from __future__ import annotations

import re

# Columns the method cannot run without; a file lacking one is refused, naming the file and column.
REQUIRED = (
    "LA_Code", "LA_Person_Unique_Identifier", "Der_Birth_Year", "Der_Birth_Month", "Client_Type",
    "Event_Type", "Event_Reference", "Event_Start_Date", "Event_End_Date", "Event_Outcome",
    "Service_Type", "Service_Component", "Delivery_Mechanism",
    "Reporting_Period_Start_Date", "Reporting_Period_End_Date",
)

# Columns read when present; when absent they are blank for every row and the quality report says so.
OPTIONAL = (
    "LA_Name", "Der_NHS_Number_Traced_Pseudo", "Der_NHS_Number_Pseudo", "Date_of_Death", "Gender",
    "Primary_Support_Reason", "Accommodation_Status", "Request_Route_of_Access", "Assessment_Type",
    "ImportDate",  # orders a council's submissions when every one carries it (sql/submissions.sql)
)

USED = REQUIRED + OPTIONAL

# Other national columns: accepted and not used by the ASCOF method.
OTHER = (
    "Ethnicity", "Employment_Status", "Has_Unpaid_Carer", "Client_Funding_Status", "Review_Reason",
    "Review_Outcomes_Achieved", "Method_Of_Assessment", "Eligible_Needs_Identified", "Event_Description",
    "Unit_Cost", "Cost_Frequency_Unit_Type", "Planned_Units_Per_Week", "Total_Hrs_Caring_per_week",
    "No_of_adults_being_cared_for", "Adult_1_Linked_Person_ID", "Adult_2_Linked_Person_ID",
    "Adult_3_Linked_Person_ID", "Der_Postcode_Sector", "Der_Postcode_LSOA", "Postcode",
    "Der_Unique_Record_ID", "Der_Conversation", "Der_Age_Event_Start_Date", "Der_Age_Reporting_Period_End_Date",
    "Der_Working_Age_Band_Event_Start_Date", "Date_of_Birth", "Submission_ID", "Der_Load_Filename",
)

NATIONAL = USED + OTHER


def header_key(name: str) -> str:
    """A header as compared: lower case, runs of spaces, colons and brackets read as one underscore."""
    return re.sub(r"[^0-9a-z]+", "_", name.strip().lower()).strip("_")


_KEYS = {header_key(name): name for name in NATIONAL}


def national_name(header: str) -> str | None:
    """The national column a file's header stands for ("Event Start Date" -> Event_Start_Date), or None."""
    return _KEYS.get(header_key(header))
