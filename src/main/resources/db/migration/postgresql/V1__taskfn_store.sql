-- The store of every family: see io.taskfn.store.JdbcStoreBackend. Text compares byte by byte
-- (COLLATE "C") so that index order is the order the store promises and prefix scans hold.
CREATE TABLE taskfn_record (
  kind        TEXT COLLATE "C" NOT NULL,
  tenant      TEXT COLLATE "C" NOT NULL,
  id          TEXT COLLATE "C" NOT NULL,
  version     BIGINT NOT NULL,
  data        TEXT NOT NULL,
  index1      TEXT COLLATE "C",
  index2      TEXT COLLATE "C",
  due_at      BIGINT,
  lease_owner TEXT,
  lease_until BIGINT,
  expires_at  BIGINT,
  PRIMARY KEY (kind, tenant, id)
);
CREATE INDEX taskfn_record_index1 ON taskfn_record (kind, tenant, index1, id);
CREATE INDEX taskfn_record_index2 ON taskfn_record (kind, tenant, index2, id);
-- Only due records: most are not, and the dispatcher reads this index every cycle.
CREATE INDEX taskfn_record_due ON taskfn_record (kind, due_at) WHERE due_at IS NOT NULL;
CREATE INDEX taskfn_record_expiry ON taskfn_record (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE taskfn_sequence (
  name       TEXT PRIMARY KEY,
  next_value BIGINT NOT NULL
);

CREATE TABLE taskfn_index_count (
  kind        TEXT COLLATE "C" NOT NULL,
  tenant      TEXT COLLATE "C" NOT NULL,
  slot        INT NOT NULL,
  index_value TEXT COLLATE "C" NOT NULL,
  n           BIGINT NOT NULL,
  PRIMARY KEY (kind, tenant, slot, index_value)
);
