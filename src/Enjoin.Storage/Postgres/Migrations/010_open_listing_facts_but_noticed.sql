-- A listing's listing_noticed facts, one per notice, pile up on a listing noticed again and again. A notice
-- reads them ahead by key (knowledge_open_key), so the index of what else is open about a listing leaves
-- them out: a read ahead over it finds the few other facts without visiting every notice's.
DROP INDEX knowledge_open_listing;
CREATE INDEX knowledge_open_listing_but_noticed ON knowledge (listing) WHERE until IS NULL AND listing IS NOT NULL AND code <> 'listing_noticed';
