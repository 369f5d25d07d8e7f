-- The build store (PostgreSQL). Timestamps are microseconds since the epoch (UTC); *_lc columns hold the
-- lower-cased value the criteria compare with, computed by the writer.
-- Text columns the criteria compare are COLLATE "C": byte order, so prefix ranges and LIKE use the indexes.

CREATE TABLE sync_state (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  organization   TEXT    NOT NULL,
  api_url        TEXT    NOT NULL,
  retention_days INTEGER NOT NULL,
  coverage_from  BIGINT,
  watermark      BIGINT,
  completed_at   BIGINT,
  generation     BIGINT  NOT NULL DEFAULT 0,
  last_requests  BIGINT,
  lease_owner    TEXT,
  lease_until    BIGINT,
  last_attempt_at BIGINT,
  last_error     TEXT
);

CREATE TABLE pipelines (
  slug           TEXT COLLATE "C" PRIMARY KEY,
  listed         INTEGER NOT NULL,
  id             TEXT,
  graphql_id     TEXT,
  name           TEXT,
  description    TEXT,
  repository     TEXT,
  git_repository TEXT,
  tags           TEXT,
  default_branch TEXT,
  web_url        TEXT,
  url            TEXT,
  created_at     BIGINT,
  provider       TEXT
);

CREATE TABLE builds (
  pipeline_slug TEXT COLLATE "C" NOT NULL,
  number        BIGINT  NOT NULL,
  id            TEXT COLLATE "C",
  graphql_id    TEXT,
  state         TEXT,
  state_lc      TEXT COLLATE "C",
  blocked       INTEGER NOT NULL,
  branch        TEXT COLLATE "C",
  commit_sha    TEXT,
  commit_lc     TEXT COLLATE "C",
  message       TEXT,
  source        TEXT,
  created_at    BIGINT,
  scheduled_at  BIGINT,
  started_at    BIGINT,
  finished_at   BIGINT,
  web_url       TEXT,
  url           TEXT,
  creator       TEXT,
  pull_request  TEXT,
  PRIMARY KEY (pipeline_slug, number)
);

-- the window of some pipelines, newest first (every builds() call)
CREATE INDEX builds_window ON builds (pipeline_slug, created_at DESC, number DESC);
-- states= and branch= within a pipeline's window
CREATE INDEX builds_state ON builds (pipeline_slug, state_lc, created_at);
CREATE INDEX builds_branch ON builds (pipeline_slug, branch, created_at);
-- commit= prefixes (range scan on the lower-cased SHA), ids=, and pruning by age
CREATE INDEX builds_commit ON builds (commit_lc);
CREATE INDEX builds_id ON builds (id);
CREATE INDEX builds_created ON builds (created_at);
