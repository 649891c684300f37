-- telltale results in PostgreSQL (written by `telltale worker --store postgres://...`). docs/scale.md describes it.
-- One report per (input path, input bytes, settings); its findings, destinations and claims as rows for SQL queries.
-- Applied once, in order, by the store (table telltale_migrations); safe to re-run.

CREATE TABLE IF NOT EXISTS telltale_reports (
  report_id     bigserial PRIMARY KEY,
  input_sha256  text        NOT NULL,
  -- Fingerprint of the batch settings: telltale version, flags and the bytes of the profile/events/app files.
  settings      text        NOT NULL,
  input_path    text        NOT NULL,
  input_format  text        NOT NULL,
  input_bytes   bigint      NOT NULL,
  tool_version  text        NOT NULL,
  exchanges     integer     NOT NULL,
  findings      integer     NOT NULL,
  destinations  integer     NOT NULL,
  -- The whole report (telltale.report/1), as `analyze --format json` writes it.
  report        jsonb       NOT NULL,
  stored_at     timestamptz NOT NULL DEFAULT now(),
  UNIQUE (input_path, input_sha256, settings)
);

CREATE TABLE IF NOT EXISTS telltale_destinations (
  report_id       bigint  NOT NULL REFERENCES telltale_reports (report_id) ON DELETE CASCADE,
  host            text    NOT NULL,
  domain          text,
  entity_id       text,
  entity_name     text,
  entity_parent   text,
  entity_country  text,
  server_country  text,
  party           text    NOT NULL,
  sdks            text[]  NOT NULL,
  exchanges       integer NOT NULL,
  findings        integer NOT NULL,
  PRIMARY KEY (report_id, host)
);

CREATE TABLE IF NOT EXISTS telltale_findings (
  report_id     bigint  NOT NULL REFERENCES telltale_reports (report_id) ON DELETE CASCADE,
  finding_id    text    NOT NULL,
  data_type     text    NOT NULL,
  host          text    NOT NULL,
  method        text,
  path          text    NOT NULL,
  transform     text[]  NOT NULL,
  match         text    NOT NULL,
  confidence    text    NOT NULL,
  phase         text    NOT NULL,
  time          timestamptz,
  excerpt       text,
  source_input  integer NOT NULL,
  source_index  integer NOT NULL,
  PRIMARY KEY (report_id, finding_id)
);
CREATE INDEX IF NOT EXISTS telltale_findings_data_type ON telltale_findings (data_type);
CREATE INDEX IF NOT EXISTS telltale_findings_host ON telltale_findings (host);

CREATE TABLE IF NOT EXISTS telltale_claims (
  report_id  bigint NOT NULL REFERENCES telltale_reports (report_id) ON DELETE CASCADE,
  claim_id   text   NOT NULL,
  verdict    text   NOT NULL,
  findings   text[] NOT NULL,
  PRIMARY KEY (report_id, claim_id)
);
