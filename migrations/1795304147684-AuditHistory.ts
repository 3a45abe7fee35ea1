import type { MigrationInterface, QueryRunner } from 'typeorm';

const FUNCTIONS = `
-- Refuses writes to an audited table from a transaction that did not set the audit context.
CREATE FUNCTION audit_require_context() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('app.audit', true), '') = '' THEN
    RAISE EXCEPTION 'audit: % on % refused: the transaction has no audit context (set app.audit with an actor)', TG_OP, TG_TABLE_NAME
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NULL;
END $$;

-- History is append-only.
CREATE FUNCTION audit_history_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit: % is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;

-- The canonical text of a history record that its hash covers: every column but the hash and the serial id.
CREATE FUNCTION audit_canonical(record jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT (record - 'history_id' - 'row_hash')::text
$$;

-- The first record of a history table whose hash or chain link is wrong, or none.
CREATE FUNCTION audit_verify(history_table text)
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
              FROM %I h WINDOW w AS (PARTITION BY h.id ORDER BY h.version)) x
     WHERE x.version <> coalesce(x.prev_version, 0) + 1 OR x.prev_hash IS DISTINCT FROM x.expected_prev OR x.row_hash <> x.computed
     ORDER BY x.history_id LIMIT 1$q$, history_table);
END $$;

-- Puts an audited table and its history table under the audit triggers. The stamp function is
-- generated per history table, so its lookup of the previous record is static SQL with a cached plan.
-- It fills in version, changed fields, transaction id and the hash chain of a new history record, and
-- drops an update record whose row did not change. Timestamps are rendered in UTC for hashing.
CREATE FUNCTION audit_install(audited_table text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  history text := audited_table || '_history';
BEGIN
  EXECUTE format($fn$
CREATE FUNCTION %1$I() RETURNS trigger LANGUAGE plpgsql SET timezone = 'UTC' AS $body$
DECLARE
  prev %2$I%%ROWTYPE;
  meta text[] := ARRAY['history_id','version','history_type','history_date','actor_type','actor_id','actor_label',
                       'reason','request_id','transaction_id','changed_fields','prev_hash','row_hash','updated_at'];
  now_row jsonb := to_jsonb(NEW) - meta;
  was_row jsonb := '{}'::jsonb;
BEGIN
  SELECT * INTO prev FROM %2$I WHERE id = NEW.id ORDER BY version DESC LIMIT 1;
  IF NOT FOUND THEN
    NEW.version := 1;
    NEW.prev_hash := NULL;
  ELSE
    NEW.version := prev.version + 1;
    NEW.prev_hash := prev.row_hash;
    was_row := to_jsonb(prev) - meta;
  END IF;
  IF NEW.history_type = '-' THEN
    NEW.changed_fields := '{}'::jsonb;
  ELSE
    SELECT coalesce(jsonb_object_agg(n.key, jsonb_build_object('from', was_row -> n.key, 'to', n.value)), '{}'::jsonb)
      INTO NEW.changed_fields
      FROM jsonb_each(now_row) n
     WHERE coalesce(was_row -> n.key, 'null'::jsonb) IS DISTINCT FROM n.value;
    IF NEW.history_type = '~' AND NEW.changed_fields = '{}'::jsonb THEN
      RETURN NULL;
    END IF;
  END IF;
  NEW.transaction_id := txid_current();
  NEW.row_hash := encode(sha256(convert_to(coalesce(NEW.prev_hash, '') || audit_canonical(to_jsonb(NEW)), 'UTF8')), 'hex');
  RETURN NEW;
END $body$ $fn$, 'audit_stamp_' || audited_table, history);
  EXECUTE format('CREATE TRIGGER audit_require_context BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_require_context()', audited_table);
  EXECUTE format('CREATE TRIGGER audit_history_stamp BEFORE INSERT ON %I FOR EACH ROW EXECUTE FUNCTION %I()', history, 'audit_stamp_' || audited_table);
  EXECUTE format('CREATE TRIGGER audit_history_immutable BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION audit_history_immutable()', history);
  EXECUTE format('CREATE TRIGGER audit_history_no_truncate BEFORE TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION audit_history_immutable()', history);
END $$;

-- Undoes audit_install (the history table's own triggers go with the table).
CREATE FUNCTION audit_uninstall(audited_table text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DROP TRIGGER IF EXISTS audit_require_context ON %I', audited_table);
  EXECUTE format('DROP TRIGGER IF EXISTS audit_history_stamp ON %I', audited_table || '_history');
  EXECUTE format('DROP FUNCTION IF EXISTS %I()', 'audit_stamp_' || audited_table);
END $$;
`;

const DROP_FUNCTIONS = `
DROP FUNCTION audit_uninstall(text);
DROP FUNCTION audit_install(text);
DROP FUNCTION audit_verify(text);
DROP FUNCTION audit_canonical(jsonb);
DROP FUNCTION audit_history_immutable();
DROP FUNCTION audit_require_context();
`;

const AUDITED_TABLES = ['clients', 'staff', 'jobs', 'cost_sets', 'cost_lines'];

/**
 * History tables for every audited table (mirroring the entity columns, generated from the
 * entities), and the triggers that version, diff and hash-chain each record, keep history
 * append-only and refuse writes to audited tables without an audit context.
 */
export class AuditHistory1795304147684 implements MigrationInterface {
  name = 'AuditHistory1795304147684';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(FUNCTIONS);
    await queryRunner.query(
      'CREATE TABLE "clients_history" ("history_id" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE, "workspace_id" uuid, "name" character varying(200), "email" character varying(320), "phone" character varying(50), "notes" text, "deleted_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "history_type" character(1) NOT NULL, "history_date" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" character varying(20) NOT NULL, "actor_id" character varying(100) NOT NULL, "actor_label" character varying(200) NOT NULL, "reason" text, "request_id" character varying(100), "transaction_id" bigint NOT NULL, "changed_fields" jsonb NOT NULL, "prev_hash" character(64), "row_hash" character(64) NOT NULL, CONSTRAINT "PK_27e72b8fec4d3f814a92544eca3" PRIMARY KEY ("history_id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_clients_history_entity_version" ON "clients_history"  ("id", "version") ');
    await queryRunner.query('CREATE INDEX "IDX_clients_history_ws_date" ON "clients_history"  ("workspace_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_clients_history_ws_actor_date" ON "clients_history"  ("workspace_id", "actor_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_clients_history_ws_type_date" ON "clients_history"  ("workspace_id", "history_type", "history_date") ');
    await queryRunner.query(
      'CREATE TABLE "staff_history" ("history_id" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE, "workspace_id" uuid, "name" character varying(200), "email" character varying(320), "wage_rate" numeric(12,2), "charge_out_rate" numeric(12,2), "manager_id" uuid, "active" boolean, "version" integer NOT NULL, "history_type" character(1) NOT NULL, "history_date" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" character varying(20) NOT NULL, "actor_id" character varying(100) NOT NULL, "actor_label" character varying(200) NOT NULL, "reason" text, "request_id" character varying(100), "transaction_id" bigint NOT NULL, "changed_fields" jsonb NOT NULL, "prev_hash" character(64), "row_hash" character(64) NOT NULL, CONSTRAINT "PK_577d64b2cd20cf0f04a7d918000" PRIMARY KEY ("history_id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_staff_history_entity_version" ON "staff_history"  ("id", "version") ');
    await queryRunner.query('CREATE INDEX "IDX_staff_history_ws_date" ON "staff_history"  ("workspace_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_staff_history_ws_actor_date" ON "staff_history"  ("workspace_id", "actor_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_staff_history_ws_type_date" ON "staff_history"  ("workspace_id", "history_type", "history_date") ');
    await queryRunner.query(
      'CREATE TABLE "jobs_history" ("history_id" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE, "workspace_id" uuid, "number" integer, "name" character varying(200), "description" text, "client_id" uuid, "status" "public"."job_status", "priority" "public"."job_priority", "deadline" date, "assignee_id" uuid, "deleted_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "history_type" character(1) NOT NULL, "history_date" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" character varying(20) NOT NULL, "actor_id" character varying(100) NOT NULL, "actor_label" character varying(200) NOT NULL, "reason" text, "request_id" character varying(100), "transaction_id" bigint NOT NULL, "changed_fields" jsonb NOT NULL, "prev_hash" character(64), "row_hash" character(64) NOT NULL, CONSTRAINT "PK_3a0eff6cb4bf8ac7b167b50aabf" PRIMARY KEY ("history_id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_jobs_history_entity_version" ON "jobs_history"  ("id", "version") ');
    await queryRunner.query('CREATE INDEX "IDX_jobs_history_ws_date" ON "jobs_history"  ("workspace_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_jobs_history_ws_actor_date" ON "jobs_history"  ("workspace_id", "actor_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_jobs_history_ws_type_date" ON "jobs_history"  ("workspace_id", "history_type", "history_date") ');
    await queryRunner.query(
      'CREATE TABLE "cost_sets_history" ("history_id" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE, "workspace_id" uuid, "job_id" uuid, "kind" "public"."cost_set_kind", "rev" integer, "summary_cost" numeric(14,2), "summary_rev" numeric(14,2), "summary_hours" numeric(14,3), "version" integer NOT NULL, "history_type" character(1) NOT NULL, "history_date" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" character varying(20) NOT NULL, "actor_id" character varying(100) NOT NULL, "actor_label" character varying(200) NOT NULL, "reason" text, "request_id" character varying(100), "transaction_id" bigint NOT NULL, "changed_fields" jsonb NOT NULL, "prev_hash" character(64), "row_hash" character(64) NOT NULL, CONSTRAINT "PK_01d47fe47b0197d064be89ec07c" PRIMARY KEY ("history_id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_cost_sets_history_entity_version" ON "cost_sets_history"  ("id", "version") ');
    await queryRunner.query('CREATE INDEX "IDX_cost_sets_history_ws_date" ON "cost_sets_history"  ("workspace_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_cost_sets_history_ws_actor_date" ON "cost_sets_history"  ("workspace_id", "actor_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_cost_sets_history_ws_type_date" ON "cost_sets_history"  ("workspace_id", "history_type", "history_date") ');
    await queryRunner.query(
      'CREATE TABLE "cost_lines_history" ("history_id" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE, "workspace_id" uuid, "cost_set_id" uuid, "kind" "public"."cost_line_kind", "description" character varying(500), "quantity" numeric(12,3), "unit_cost" numeric(12,2), "unit_rev" numeric(12,2), "total_cost" numeric(12,2), "total_rev" numeric(12,2), "accounting_date" date, "staff_id" uuid, "ext_refs" jsonb, "meta" jsonb, "version" integer NOT NULL, "history_type" character(1) NOT NULL, "history_date" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" character varying(20) NOT NULL, "actor_id" character varying(100) NOT NULL, "actor_label" character varying(200) NOT NULL, "reason" text, "request_id" character varying(100), "transaction_id" bigint NOT NULL, "changed_fields" jsonb NOT NULL, "prev_hash" character(64), "row_hash" character(64) NOT NULL, CONSTRAINT "PK_5e390fcce2925dc0573acc42145" PRIMARY KEY ("history_id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_cost_lines_history_entity_version" ON "cost_lines_history"  ("id", "version") ');
    await queryRunner.query('CREATE INDEX "IDX_cost_lines_history_ws_date" ON "cost_lines_history"  ("workspace_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_cost_lines_history_ws_actor_date" ON "cost_lines_history"  ("workspace_id", "actor_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_cost_lines_history_ws_type_date" ON "cost_lines_history"  ("workspace_id", "history_type", "history_date") ');
    for (const table of AUDITED_TABLES) await queryRunner.query('SELECT audit_install($1)', [table]);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of AUDITED_TABLES) await queryRunner.query('SELECT audit_uninstall($1)', [table]);
    await queryRunner.query('DROP INDEX "public"."IDX_cost_lines_history_ws_type_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_cost_lines_history_ws_actor_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_cost_lines_history_ws_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_cost_lines_history_entity_version"');
    await queryRunner.query('DROP TABLE "cost_lines_history"');
    await queryRunner.query('DROP INDEX "public"."IDX_cost_sets_history_ws_type_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_cost_sets_history_ws_actor_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_cost_sets_history_ws_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_cost_sets_history_entity_version"');
    await queryRunner.query('DROP TABLE "cost_sets_history"');
    await queryRunner.query('DROP INDEX "public"."IDX_jobs_history_ws_type_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_jobs_history_ws_actor_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_jobs_history_ws_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_jobs_history_entity_version"');
    await queryRunner.query('DROP TABLE "jobs_history"');
    await queryRunner.query('DROP INDEX "public"."IDX_staff_history_ws_type_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_staff_history_ws_actor_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_staff_history_ws_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_staff_history_entity_version"');
    await queryRunner.query('DROP TABLE "staff_history"');
    await queryRunner.query('DROP INDEX "public"."IDX_clients_history_ws_type_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_clients_history_ws_actor_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_clients_history_ws_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_clients_history_entity_version"');
    await queryRunner.query('DROP TABLE "clients_history"');
    await queryRunner.query(DROP_FUNCTIONS);
  }
}
