-- Function, periods: DHSC's test of an event against a reporting period (FilterToEventsInPeriod),
-- on the derived end date. A request, assessment or review is in the period when it starts by the
-- period end and its derived end falls inside the period; a service when it starts by the period
-- end and its derived end is on or after the period start, or it is open. outside_period is TRUE
-- when the event is not in the period (the filter step tests the stated period, then the span of
-- quarters a submission supplies).
CREATE OR REPLACE MACRO outside_period(event_type, start_date, end_date, period_start, period_end) AS
    start_date > period_end
    OR (event_type <> 'Service' AND (end_date IS NULL OR end_date < period_start OR end_date > period_end))
    OR (event_type = 'Service' AND end_date < period_start);
