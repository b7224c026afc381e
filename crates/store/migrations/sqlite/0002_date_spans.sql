-- Date filters. An event overlaps [since, until] when day_start <= until AND day_end >= since,
-- and an index on day_start alone turns that into a scan back to the oldest event. Events are
-- put in classes by span (0: one day, 1: up to 7 days, 2: up to 31, 3: up to 400, 4: longer or
-- unreadable) so that, within class k, day_start lies in [since - limit_k, until]: one bounded
-- range per class, read from an index that also holds day_end. The limits are SPAN_LIMITS in
-- lib.rs; postgres/0002_date_spans.sql has the same meaning.
ALTER TABLE events ADD COLUMN span_class INTEGER NOT NULL DEFAULT 0;
UPDATE events SET span_class = CASE
        WHEN julianday(day_end) - julianday(day_start) <= 0 THEN 0
        WHEN julianday(day_end) - julianday(day_start) <= 7 THEN 1
        WHEN julianday(day_end) - julianday(day_start) <= 31 THEN 2
        WHEN julianday(day_end) - julianday(day_start) <= 400 THEN 3
        ELSE 4
    END
    WHERE day_start IS NOT NULL;
DROP INDEX events_day;
CREATE INDEX events_day ON events(span_class, day_start, day_end);
-- Type with dates is the commonest pair of filters.
CREATE INDEX events_type_day ON events(type, span_class, day_start, day_end);
