-- An index count is kept in several rows (shards), summed when read: each writer adds to one
-- picked at random, so writers of one counted value (a job's instances) do not queue on one row
-- lock held until commit. Existing counts become shard 0.
ALTER TABLE taskfn_index_count ADD COLUMN shard INT NOT NULL DEFAULT 0;
ALTER TABLE taskfn_index_count DROP CONSTRAINT taskfn_index_count_pkey;
ALTER TABLE taskfn_index_count ADD PRIMARY KEY (kind, tenant, slot, index_value, shard);
