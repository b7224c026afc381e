-- The full-text index was filled by a trigger, one evidence row at a time. FTS5 flushes its
-- pending terms to a new segment at every statement savepoint, and a trigger runs inside one, so
-- every row cost a flush. The store now indexes a write's new evidence rows with one statement
-- at the end of the write (sqlite.rs, `index_new_evidence`). Deletions keep their trigger.
DROP TRIGGER evidence_ai;
