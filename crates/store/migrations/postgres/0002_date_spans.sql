-- Date filters: see sqlite/0002_date_spans.sql for why events carry a span class.
ALTER TABLE events ADD COLUMN span_class SMALLINT NOT NULL DEFAULT 0;
UPDATE events SET span_class = CASE
        WHEN day_end::date - day_start::date <= 0 THEN 0
        WHEN day_end::date - day_start::date <= 7 THEN 1
        WHEN day_end::date - day_start::date <= 31 THEN 2
        WHEN day_end::date - day_start::date <= 400 THEN 3
        ELSE 4
    END
    WHERE day_start IS NOT NULL;
DROP INDEX events_day;
CREATE INDEX events_day ON events(span_class, day_start, day_end);
CREATE INDEX events_type_day ON events(type, span_class, day_start, day_end);
