import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What TypeORM cannot express, added by hand after the generated statements (reviewed):
 *
 * 1. Exactly one details row per project, of its own kind. Already enforced by keys: a details row's
 *    `kind` is fixed by a CHECK and its foreign key (id, kind) → projects (id, kind) (UNIQUE there)
 *    only matches a project of that kind, so the other kind's details cannot be added; the primary key
 *    allows one row per table. What keys cannot say — a project WITH its row, and a row not deleted
 *    from under a live project — is a deferred constraint trigger, checked at commit, on projects
 *    (insert, and an update of id or kind) and on both details tables (update, delete): it raises
 *    unless each affected project that still exists has exactly one details row, of its kind. A
 *    project and its details are written in one transaction (the project first: the foreign key needs it).
 * 2. The kind never changes: a BEFORE UPDATE trigger on projects refuses it.
 * 3. The GIN index on `project_meta.value` (the meta filter's containment) is written through, not via
 *    a pending list (`fastupdate = off`): metadata is written one entry at a time and read by filters,
 *    and a pending list makes the planner avoid the index until a vacuum flushes it.
 * 4. Search: the text of a project is in two tables (name and description on projects, course name
 *    or goal description on its details), which a generated column cannot reach. The tsvector is
 *    stored in `project_search.document` (one row per project, GIN-indexed, deleted with the project
 *    by its foreign key), written by triggers on the three tables whenever that text is inserted or
 *    changed: weights A (name), B (course name / goal description), C (description), English
 *    configuration. Derived data like an index, so not audited; whatever writes the projects (the
 *    API, the seed, raw SQL) keeps it right. New rows are indexed per statement (set-based, for bulk
 *    inserts), changed text per row (only when one of those columns is in the UPDATE).
 */
const UP = `
ALTER INDEX "IDX_project_meta_value" SET (fastupdate = off);

CREATE FUNCTION project_details_assert(project uuid) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  k project_kind;
  school integer;
  self_study integer;
BEGIN
  SELECT kind INTO k FROM projects WHERE id = project;
  IF NOT FOUND THEN
    RETURN; -- deleted in the same transaction: its details went (or go) with it
  END IF;
  SELECT count(*) INTO school FROM school_project_details WHERE id = project;
  SELECT count(*) INTO self_study FROM self_study_project_details WHERE id = project;
  IF school + self_study <> 1 OR (k = 'SCHOOL') <> (school = 1) THEN
    RAISE EXCEPTION 'project %: a % project must have exactly one details row, of its own kind (it has % school and % self-study)', project, k, school, self_study
      USING ERRCODE = 'check_violation', CONSTRAINT = 'project_details_exactly_one';
  END IF;
END $$;

CREATE FUNCTION project_details_check() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN
    PERFORM project_details_assert(NEW.id);
  END IF;
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.id IS DISTINCT FROM NEW.id) THEN
    PERFORM project_details_assert(OLD.id);
  END IF;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER project_details_exactly_one AFTER INSERT OR UPDATE OF id, kind ON projects
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION project_details_check();
CREATE CONSTRAINT TRIGGER project_details_exactly_one AFTER UPDATE OR DELETE ON school_project_details
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION project_details_check();
CREATE CONSTRAINT TRIGGER project_details_exactly_one AFTER UPDATE OR DELETE ON self_study_project_details
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION project_details_check();

CREATE FUNCTION project_kind_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'project %: the kind of a project never changes (% to % refused)', OLD.id, OLD.kind, NEW.kind
    USING ERRCODE = 'check_violation', CONSTRAINT = 'project_kind_immutable';
END $$;

CREATE TRIGGER project_kind_immutable BEFORE UPDATE OF kind ON projects
  FOR EACH ROW WHEN (OLD.kind IS DISTINCT FROM NEW.kind) EXECUTE FUNCTION project_kind_immutable();

CREATE TABLE project_search (
  id uuid NOT NULL,
  workspace_id uuid NOT NULL,
  document tsvector NOT NULL,
  CONSTRAINT "PK_project_search" PRIMARY KEY (id),
  CONSTRAINT "FK_project_search_project" FOREIGN KEY (id) REFERENCES projects(id) ON DELETE CASCADE
);
CREATE INDEX "IDX_project_search_document" ON project_search USING gin (document);

CREATE FUNCTION project_search_document(name text, details text, description text) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
  SELECT setweight(to_tsvector('english', coalesce(name, '')), 'A')
      || setweight(to_tsvector('english', coalesce(details, '')), 'B')
      || setweight(to_tsvector('english', coalesce(description, '')), 'C')
$$;

CREATE FUNCTION project_search_refresh(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO project_search (id, workspace_id, document)
  SELECT p.id, p.workspace_id, project_search_document(p.name, coalesce(s.course_name, g.goal_description), p.description)
    FROM projects p
    LEFT JOIN school_project_details s ON s.id = p.id
    LEFT JOIN self_study_project_details g ON g.id = p.id
   WHERE p.id = ANY(ids)
  ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document
$$;

CREATE FUNCTION project_search_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM project_search_refresh(ARRAY(SELECT id FROM inserted));
  RETURN NULL;
END $$;

CREATE FUNCTION project_search_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM project_search_refresh(ARRAY[NEW.id]);
  RETURN NULL;
END $$;

CREATE TRIGGER project_search_inserted AFTER INSERT ON projects REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION project_search_inserted();
CREATE TRIGGER project_search_inserted AFTER INSERT ON school_project_details REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION project_search_inserted();
CREATE TRIGGER project_search_inserted AFTER INSERT ON self_study_project_details REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION project_search_inserted();
CREATE TRIGGER project_search_changed AFTER UPDATE OF name, description ON projects
  FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.description IS DISTINCT FROM NEW.description) EXECUTE FUNCTION project_search_changed();
CREATE TRIGGER project_search_changed AFTER UPDATE OF course_name ON school_project_details
  FOR EACH ROW WHEN (OLD.course_name IS DISTINCT FROM NEW.course_name) EXECUTE FUNCTION project_search_changed();
CREATE TRIGGER project_search_changed AFTER UPDATE OF goal_description ON self_study_project_details
  FOR EACH ROW WHEN (OLD.goal_description IS DISTINCT FROM NEW.goal_description) EXECUTE FUNCTION project_search_changed();
`;

const DOWN = `
DROP TABLE project_search;
DROP TRIGGER project_search_changed ON self_study_project_details;
DROP TRIGGER project_search_changed ON school_project_details;
DROP TRIGGER project_search_changed ON projects;
DROP TRIGGER project_search_inserted ON self_study_project_details;
DROP TRIGGER project_search_inserted ON school_project_details;
DROP TRIGGER project_search_inserted ON projects;
DROP FUNCTION project_search_changed();
DROP FUNCTION project_search_inserted();
DROP FUNCTION project_search_refresh(uuid[]);
DROP FUNCTION project_search_document(text, text, text);
DROP TRIGGER project_kind_immutable ON projects;
DROP FUNCTION project_kind_immutable();
DROP TRIGGER project_details_exactly_one ON self_study_project_details;
DROP TRIGGER project_details_exactly_one ON school_project_details;
DROP TRIGGER project_details_exactly_one ON projects;
DROP FUNCTION project_details_check();
DROP FUNCTION project_details_assert(uuid);
`;

/**
 * The projects module: projects with their school or self-study details (class-table inheritance),
 * metadata, important dates and attachments, their history tables under the audit triggers (as
 * generated), and the hand-written constraints and search index described above.
 */
export class Projects1795324371233 implements MigrationInterface {
  name = 'Projects1795324371233';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TYPE "public"."project_kind" AS ENUM(\'SCHOOL\', \'SELF_STUDY\')');
    await queryRunner.query(
      'CREATE TABLE "projects" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspace_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "kind" "public"."project_kind" NOT NULL, "owner_id" uuid NOT NULL, "start_date" date NOT NULL, "end_date" date NOT NULL, "description" text, "draft" boolean NOT NULL DEFAULT true, "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_projects_id_kind" UNIQUE ("id", "kind"), CONSTRAINT "CHK_projects_dates" CHECK ("end_date" >= "start_date"), CONSTRAINT "PK_6271df0a7aed1d6c0691ce6ac50" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_projects_drafts" ON "projects"  ("workspace_id", "updated_at") WHERE draft AND deleted_at IS NULL');
    await queryRunner.query('CREATE INDEX "IDX_d224d6f4398eb93e3406b39e4d" ON "projects"  ("workspace_id", "start_date") ');
    await queryRunner.query('CREATE INDEX "IDX_22f75fc7cb33d41f2484827c3b" ON "projects"  ("workspace_id", "owner_id") ');
    await queryRunner.query('CREATE INDEX "IDX_1a26dbb0f7a2b148b5e2585e58" ON "projects"  ("workspace_id", "created_at") ');
    await queryRunner.query(
      'CREATE TABLE "project_attachments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspace_id" uuid NOT NULL, "project_id" uuid NOT NULL, "file_name" character varying(255) NOT NULL, "content_type" character varying(255) NOT NULL, "size" bigint NOT NULL, "storage_key" character varying(1024) NOT NULL, "checksum" character(64) NOT NULL, "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_project_attachments_checksum" CHECK ("checksum" ~ \'^[0-9a-f]{64}$\'), CONSTRAINT "CHK_project_attachments_size" CHECK ("size" >= 0), CONSTRAINT "PK_e0adaaabd364382782d8ef14fcc" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_99cf25e2a54bb5d7636a1482ea" ON "project_attachments"  ("project_id", "created_at") ');
    await queryRunner.query(
      'CREATE TABLE "project_important_dates" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspace_id" uuid NOT NULL, "project_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "date" date NOT NULL, "note" text, CONSTRAINT "PK_0a97975c587e668f34bb15f5ccc" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_7a3e3be2c632b005d801b45bff" ON "project_important_dates"  ("project_id", "date") ');
    await queryRunner.query(
      'CREATE TABLE "school_project_details" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspace_id" uuid NOT NULL, "kind" "public"."project_kind" NOT NULL, "course_name" character varying(200) NOT NULL, "course_code" character varying(50) NOT NULL, "teacher_name" character varying(200) NOT NULL, CONSTRAINT "CHK_school_project_details_kind" CHECK ("kind" = \'SCHOOL\'), CONSTRAINT "PK_247f93b9ca0a7eb8740495959bb" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "self_study_project_details" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspace_id" uuid NOT NULL, "kind" "public"."project_kind" NOT NULL, "goal_description" text NOT NULL, "study_frequency" character varying(50) NOT NULL, CONSTRAINT "CHK_self_study_project_details_kind" CHECK ("kind" = \'SELF_STUDY\'), CONSTRAINT "PK_74815744dfe2b448dac71a586f6" PRIMARY KEY ("id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "project_meta" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspace_id" uuid NOT NULL, "project_id" uuid NOT NULL, "key" character varying(100) NOT NULL, "value" jsonb NOT NULL, CONSTRAINT "PK_f0123ec8e78789331c026704813" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_project_meta_value" ON "project_meta" USING gin ("value") ');
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_f9a852cd19aeaac1dfb4a14135" ON "project_meta"  ("project_id", "key") ');
    await queryRunner.query(
      'CREATE TABLE "projects_history" ("history_id" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE, "workspace_id" uuid, "name" character varying(200), "kind" "public"."project_kind", "owner_id" uuid, "start_date" date, "end_date" date, "description" text, "draft" boolean, "deleted_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "history_type" character(1) NOT NULL, "history_date" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" character varying(20) NOT NULL, "actor_id" character varying(100) NOT NULL, "actor_label" character varying(200) NOT NULL, "reason" text, "request_id" character varying(100), "transaction_id" bigint NOT NULL, "changed_fields" jsonb NOT NULL, "prev_hash" character(64), "row_hash" character(64) NOT NULL, CONSTRAINT "PK_30e621c127e09f91cb837fcf1c2" PRIMARY KEY ("history_id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_projects_history_entity_version" ON "projects_history"  ("id", "version") ');
    await queryRunner.query('CREATE INDEX "IDX_projects_history_ws_date" ON "projects_history"  ("workspace_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_projects_history_ws_actor_date" ON "projects_history"  ("workspace_id", "actor_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_projects_history_ws_type_date" ON "projects_history"  ("workspace_id", "history_type", "history_date") ');
    await queryRunner.query(
      'CREATE TABLE "project_attachments_history" ("history_id" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE, "workspace_id" uuid, "project_id" uuid, "file_name" character varying(255), "content_type" character varying(255), "size" bigint, "storage_key" character varying(1024), "checksum" character(64), "deleted_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "history_type" character(1) NOT NULL, "history_date" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" character varying(20) NOT NULL, "actor_id" character varying(100) NOT NULL, "actor_label" character varying(200) NOT NULL, "reason" text, "request_id" character varying(100), "transaction_id" bigint NOT NULL, "changed_fields" jsonb NOT NULL, "prev_hash" character(64), "row_hash" character(64) NOT NULL, CONSTRAINT "PK_abda4a48fd5ebd2e51f10045b28" PRIMARY KEY ("history_id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_project_attachments_history_entity_version" ON "project_attachments_history"  ("id", "version") ');
    await queryRunner.query('CREATE INDEX "IDX_project_attachments_history_ws_date" ON "project_attachments_history"  ("workspace_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_project_attachments_history_ws_actor_date" ON "project_attachments_history"  ("workspace_id", "actor_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_project_attachments_history_ws_type_date" ON "project_attachments_history"  ("workspace_id", "history_type", "history_date") ');
    await queryRunner.query(
      'CREATE TABLE "project_important_dates_history" ("history_id" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE, "workspace_id" uuid, "project_id" uuid, "title" character varying(200), "date" date, "note" text, "version" integer NOT NULL, "history_type" character(1) NOT NULL, "history_date" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" character varying(20) NOT NULL, "actor_id" character varying(100) NOT NULL, "actor_label" character varying(200) NOT NULL, "reason" text, "request_id" character varying(100), "transaction_id" bigint NOT NULL, "changed_fields" jsonb NOT NULL, "prev_hash" character(64), "row_hash" character(64) NOT NULL, CONSTRAINT "PK_d378e8b8f55bd02a440f5d86eac" PRIMARY KEY ("history_id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_project_important_dates_history_entity_version" ON "project_important_dates_history"  ("id", "version") ');
    await queryRunner.query('CREATE INDEX "IDX_project_important_dates_history_ws_date" ON "project_important_dates_history"  ("workspace_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_project_important_dates_history_ws_actor_date" ON "project_important_dates_history"  ("workspace_id", "actor_id", "history_date") ');
    await queryRunner.query(
      'CREATE INDEX "IDX_project_important_dates_history_ws_type_date" ON "project_important_dates_history"  ("workspace_id", "history_type", "history_date") ',
    );
    await queryRunner.query(
      'CREATE TABLE "school_project_details_history" ("history_id" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE, "workspace_id" uuid, "kind" "public"."project_kind", "course_name" character varying(200), "course_code" character varying(50), "teacher_name" character varying(200), "version" integer NOT NULL, "history_type" character(1) NOT NULL, "history_date" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" character varying(20) NOT NULL, "actor_id" character varying(100) NOT NULL, "actor_label" character varying(200) NOT NULL, "reason" text, "request_id" character varying(100), "transaction_id" bigint NOT NULL, "changed_fields" jsonb NOT NULL, "prev_hash" character(64), "row_hash" character(64) NOT NULL, CONSTRAINT "PK_5933a18f267f79e95e3e684b674" PRIMARY KEY ("history_id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_school_project_details_history_entity_version" ON "school_project_details_history"  ("id", "version") ');
    await queryRunner.query('CREATE INDEX "IDX_school_project_details_history_ws_date" ON "school_project_details_history"  ("workspace_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_school_project_details_history_ws_actor_date" ON "school_project_details_history"  ("workspace_id", "actor_id", "history_date") ');
    await queryRunner.query(
      'CREATE INDEX "IDX_school_project_details_history_ws_type_date" ON "school_project_details_history"  ("workspace_id", "history_type", "history_date") ',
    );
    await queryRunner.query(
      'CREATE TABLE "self_study_project_details_history" ("history_id" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE, "workspace_id" uuid, "kind" "public"."project_kind", "goal_description" text, "study_frequency" character varying(50), "version" integer NOT NULL, "history_type" character(1) NOT NULL, "history_date" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" character varying(20) NOT NULL, "actor_id" character varying(100) NOT NULL, "actor_label" character varying(200) NOT NULL, "reason" text, "request_id" character varying(100), "transaction_id" bigint NOT NULL, "changed_fields" jsonb NOT NULL, "prev_hash" character(64), "row_hash" character(64) NOT NULL, CONSTRAINT "PK_2985938d57b90a11ec05a7bcf20" PRIMARY KEY ("history_id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_self_study_project_details_history_entity_version" ON "self_study_project_details_history"  ("id", "version") ');
    await queryRunner.query('CREATE INDEX "IDX_self_study_project_details_history_ws_date" ON "self_study_project_details_history"  ("workspace_id", "history_date") ');
    await queryRunner.query(
      'CREATE INDEX "IDX_self_study_project_details_history_ws_actor_date" ON "self_study_project_details_history"  ("workspace_id", "actor_id", "history_date") ',
    );
    await queryRunner.query(
      'CREATE INDEX "IDX_self_study_project_details_history_ws_type_date" ON "self_study_project_details_history"  ("workspace_id", "history_type", "history_date") ',
    );
    await queryRunner.query(
      'CREATE TABLE "project_meta_history" ("history_id" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE, "workspace_id" uuid, "project_id" uuid, "key" character varying(100), "value" jsonb, "version" integer NOT NULL, "history_type" character(1) NOT NULL, "history_date" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" character varying(20) NOT NULL, "actor_id" character varying(100) NOT NULL, "actor_label" character varying(200) NOT NULL, "reason" text, "request_id" character varying(100), "transaction_id" bigint NOT NULL, "changed_fields" jsonb NOT NULL, "prev_hash" character(64), "row_hash" character(64) NOT NULL, CONSTRAINT "PK_a1643301c236b46dd30e75bf94d" PRIMARY KEY ("history_id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_project_meta_history_entity_version" ON "project_meta_history"  ("id", "version") ');
    await queryRunner.query('CREATE INDEX "IDX_project_meta_history_ws_date" ON "project_meta_history"  ("workspace_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_project_meta_history_ws_actor_date" ON "project_meta_history"  ("workspace_id", "actor_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_project_meta_history_ws_type_date" ON "project_meta_history"  ("workspace_id", "history_type", "history_date") ');
    await queryRunner.query(
      'ALTER TABLE "projects" ADD CONSTRAINT "FK_af78b8fc6857fe0a10d1bb1699e" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "projects" ADD CONSTRAINT "FK_b1bd2fbf5d0ef67319c91acb5cf" FOREIGN KEY ("owner_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "project_attachments" ADD CONSTRAINT "FK_777ed497a960196818344c0fc0d" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "project_attachments" ADD CONSTRAINT "FK_7c02c61e27153a78244411756a2" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "project_important_dates" ADD CONSTRAINT "FK_ac244e5c95c7d49587645d53b50" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "project_important_dates" ADD CONSTRAINT "FK_8eb795116f13eedd1fb13b71f4c" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "school_project_details" ADD CONSTRAINT "FK_e71d91ce4f99d886974e77be84f" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "school_project_details" ADD CONSTRAINT "FK_2b0c88e0604cc8c9acd7924b073" FOREIGN KEY ("id", "kind") REFERENCES "projects"("id","kind") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "self_study_project_details" ADD CONSTRAINT "FK_86f8271338e0ebea8f450f20f37" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "self_study_project_details" ADD CONSTRAINT "FK_875b984787576e84f9f4cc355e5" FOREIGN KEY ("id", "kind") REFERENCES "projects"("id","kind") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "project_meta" ADD CONSTRAINT "FK_3699fdfe507262845b6ee53d9ea" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "project_meta" ADD CONSTRAINT "FK_7edd5b445d0b77a4cdf8c5e8869" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query("SELECT audit_install('projects')");
    await queryRunner.query("SELECT audit_install('project_attachments')");
    await queryRunner.query("SELECT audit_install('project_important_dates')");
    await queryRunner.query("SELECT audit_install('school_project_details')");
    await queryRunner.query("SELECT audit_install('self_study_project_details')");
    await queryRunner.query("SELECT audit_install('project_meta')");
    await queryRunner.query(UP);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(DOWN);
    await queryRunner.query("SELECT audit_uninstall('project_meta')");
    await queryRunner.query("SELECT audit_uninstall('self_study_project_details')");
    await queryRunner.query("SELECT audit_uninstall('school_project_details')");
    await queryRunner.query("SELECT audit_uninstall('project_important_dates')");
    await queryRunner.query("SELECT audit_uninstall('project_attachments')");
    await queryRunner.query("SELECT audit_uninstall('projects')");
    await queryRunner.query('ALTER TABLE "project_meta" DROP CONSTRAINT "FK_7edd5b445d0b77a4cdf8c5e8869"');
    await queryRunner.query('ALTER TABLE "project_meta" DROP CONSTRAINT "FK_3699fdfe507262845b6ee53d9ea"');
    await queryRunner.query('ALTER TABLE "self_study_project_details" DROP CONSTRAINT "FK_875b984787576e84f9f4cc355e5"');
    await queryRunner.query('ALTER TABLE "self_study_project_details" DROP CONSTRAINT "FK_86f8271338e0ebea8f450f20f37"');
    await queryRunner.query('ALTER TABLE "school_project_details" DROP CONSTRAINT "FK_2b0c88e0604cc8c9acd7924b073"');
    await queryRunner.query('ALTER TABLE "school_project_details" DROP CONSTRAINT "FK_e71d91ce4f99d886974e77be84f"');
    await queryRunner.query('ALTER TABLE "project_important_dates" DROP CONSTRAINT "FK_8eb795116f13eedd1fb13b71f4c"');
    await queryRunner.query('ALTER TABLE "project_important_dates" DROP CONSTRAINT "FK_ac244e5c95c7d49587645d53b50"');
    await queryRunner.query('ALTER TABLE "project_attachments" DROP CONSTRAINT "FK_7c02c61e27153a78244411756a2"');
    await queryRunner.query('ALTER TABLE "project_attachments" DROP CONSTRAINT "FK_777ed497a960196818344c0fc0d"');
    await queryRunner.query('ALTER TABLE "projects" DROP CONSTRAINT "FK_b1bd2fbf5d0ef67319c91acb5cf"');
    await queryRunner.query('ALTER TABLE "projects" DROP CONSTRAINT "FK_af78b8fc6857fe0a10d1bb1699e"');
    await queryRunner.query('DROP INDEX "public"."IDX_project_meta_history_ws_type_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_project_meta_history_ws_actor_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_project_meta_history_ws_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_project_meta_history_entity_version"');
    await queryRunner.query('DROP TABLE "project_meta_history"');
    await queryRunner.query('DROP INDEX "public"."IDX_self_study_project_details_history_ws_type_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_self_study_project_details_history_ws_actor_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_self_study_project_details_history_ws_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_self_study_project_details_history_entity_version"');
    await queryRunner.query('DROP TABLE "self_study_project_details_history"');
    await queryRunner.query('DROP INDEX "public"."IDX_school_project_details_history_ws_type_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_school_project_details_history_ws_actor_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_school_project_details_history_ws_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_school_project_details_history_entity_version"');
    await queryRunner.query('DROP TABLE "school_project_details_history"');
    await queryRunner.query('DROP INDEX "public"."IDX_project_important_dates_history_ws_type_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_project_important_dates_history_ws_actor_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_project_important_dates_history_ws_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_project_important_dates_history_entity_version"');
    await queryRunner.query('DROP TABLE "project_important_dates_history"');
    await queryRunner.query('DROP INDEX "public"."IDX_project_attachments_history_ws_type_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_project_attachments_history_ws_actor_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_project_attachments_history_ws_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_project_attachments_history_entity_version"');
    await queryRunner.query('DROP TABLE "project_attachments_history"');
    await queryRunner.query('DROP INDEX "public"."IDX_projects_history_ws_type_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_projects_history_ws_actor_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_projects_history_ws_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_projects_history_entity_version"');
    await queryRunner.query('DROP TABLE "projects_history"');
    await queryRunner.query('DROP INDEX "public"."IDX_f9a852cd19aeaac1dfb4a14135"');
    await queryRunner.query('DROP INDEX "public"."IDX_project_meta_value"');
    await queryRunner.query('DROP TABLE "project_meta"');
    await queryRunner.query('DROP TABLE "self_study_project_details"');
    await queryRunner.query('DROP TABLE "school_project_details"');
    await queryRunner.query('DROP INDEX "public"."IDX_7a3e3be2c632b005d801b45bff"');
    await queryRunner.query('DROP TABLE "project_important_dates"');
    await queryRunner.query('DROP INDEX "public"."IDX_99cf25e2a54bb5d7636a1482ea"');
    await queryRunner.query('DROP TABLE "project_attachments"');
    await queryRunner.query('DROP INDEX "public"."IDX_1a26dbb0f7a2b148b5e2585e58"');
    await queryRunner.query('DROP INDEX "public"."IDX_22f75fc7cb33d41f2484827c3b"');
    await queryRunner.query('DROP INDEX "public"."IDX_d224d6f4398eb93e3406b39e4d"');
    await queryRunner.query('DROP INDEX "public"."IDX_projects_drafts"');
    await queryRunner.query('DROP TABLE "projects"');
    await queryRunner.query('DROP TYPE "public"."project_kind"');
  }
}
