import { AUDITED_TABLES } from './database';

/**
 * Test-only: a table and triggers that record every row change in the audited tables, so the
 * coverage test can compare them with the history. Installed once per test database, with the
 * migrations and under the same lock, before any test writes.
 */
export const ROW_CHANGES_SQL = `
CREATE TABLE IF NOT EXISTS test_row_changes (
  id bigserial PRIMARY KEY,
  tbl text NOT NULL,
  row_id uuid NOT NULL,
  op text NOT NULL,
  txid bigint NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  workspace_id uuid,
  changed_cols text[]
);
CREATE INDEX IF NOT EXISTS test_row_changes_ws ON test_row_changes (workspace_id, id);
CREATE OR REPLACE FUNCTION test_record_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  was jsonb;
  now_row jsonb;
  cols text[];
BEGIN
  IF TG_OP <> 'INSERT' THEN was := to_jsonb(OLD); END IF;
  IF TG_OP <> 'DELETE' THEN now_row := to_jsonb(NEW); END IF;
  IF TG_OP = 'UPDATE' THEN
    SELECT coalesce(array_agg(k ORDER BY k), '{}') INTO cols
      FROM jsonb_object_keys(now_row) k WHERE was -> k IS DISTINCT FROM now_row -> k;
  END IF;
  INSERT INTO test_row_changes (tbl, row_id, op, txid, workspace_id, changed_cols)
  VALUES (TG_TABLE_NAME, (coalesce(now_row, was) ->> 'id')::uuid, TG_OP, txid_current(),
          (coalesce(now_row, was) ->> 'workspace_id')::uuid, cols);
  RETURN NULL;
END $$;
${AUDITED_TABLES.map((t) => `CREATE OR REPLACE TRIGGER test_row_changes AFTER INSERT OR UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION test_record_row_change();`).join(
  '\n',
)}
`;
