-- Nothing to change: PostgreSQL's full-text index is an ordinary GIN index, maintained per row
-- at no extra cost. This migration keeps the version numbers of the two back ends in step
-- (SQLite's 0003 moves its full-text indexing out of a trigger).
SELECT 1;
