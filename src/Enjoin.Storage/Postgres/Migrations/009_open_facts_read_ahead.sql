-- A notice reads ahead what is open about the listings it names and, at merchant level, about their
-- merchants. Over the partial (code) index of all open facts the planner would read every open fact;
-- these answer each lookup directly. The listing index leaves out merchant-level facts (listing NULL), so
-- that SQLite, without statistics, cannot take it for "listing IS NULL" and read every one of them.
CREATE INDEX knowledge_open_listing ON knowledge (listing) WHERE until IS NULL AND listing IS NOT NULL;
CREATE INDEX knowledge_open_merchant ON knowledge (merchant) WHERE until IS NULL AND listing IS NULL;
-- Facts are found by key only while open (knowledge_open_key) and closed by id: the index of every key is dead weight on each insert.
DROP INDEX knowledge_key;
