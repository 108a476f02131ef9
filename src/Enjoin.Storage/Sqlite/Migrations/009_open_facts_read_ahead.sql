-- A notice reads ahead what is open about the listings it names and, at merchant level, about their
-- merchants. Over the partial (code) index of all open facts the planner would read every open fact;
-- these answer each lookup directly.
CREATE INDEX knowledge_open_listing ON knowledge (listing) WHERE until IS NULL;
CREATE INDEX knowledge_open_merchant ON knowledge (merchant) WHERE until IS NULL AND listing IS NULL;
-- Facts are found by key only while open (knowledge_open_key) and closed by id: the index of every key is dead weight on each insert.
DROP INDEX knowledge_key;
