import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * audit_verify(history_table, workspace): the hash-chain check of audit_verify limited to one
 * workspace's records (chains are per record, and a record never changes workspace), so a
 * workspace's ADMIN can verify its own history through the API.
 */
export class AuditVerifyWorkspace1795339233935 implements MigrationInterface {
  name = 'AuditVerifyWorkspace1795339233935';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
CREATE FUNCTION audit_verify(history_table text, workspace uuid)
  RETURNS TABLE (history_id bigint, entity_id uuid, version integer, problem text)
  LANGUAGE plpgsql STABLE SET timezone = 'UTC' AS $$
BEGIN
  RETURN QUERY EXECUTE format($q$
    SELECT x.history_id, x.id, x.version, CASE
        WHEN x.version <> coalesce(x.prev_version, 0) + 1 THEN 'version gap'
        WHEN x.prev_hash IS DISTINCT FROM x.expected_prev THEN 'broken chain: prev_hash does not match the previous record'
        ELSE 'content does not match its hash' END
      FROM (SELECT h.history_id, h.id, h.version, h.prev_hash, h.row_hash,
                   lag(h.row_hash) OVER w AS expected_prev, lag(h.version) OVER w AS prev_version,
                   encode(sha256(convert_to(coalesce(h.prev_hash, '') || audit_canonical(to_jsonb(h)), 'UTF8')), 'hex') AS computed
              FROM %I h WHERE h.workspace_id = $1 WINDOW w AS (PARTITION BY h.id ORDER BY h.version)) x
     WHERE x.version <> coalesce(x.prev_version, 0) + 1 OR x.prev_hash IS DISTINCT FROM x.expected_prev OR x.row_hash <> x.computed
     ORDER BY x.history_id LIMIT 1$q$, history_table) USING workspace;
END $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP FUNCTION audit_verify(text, uuid)');
  }
}
