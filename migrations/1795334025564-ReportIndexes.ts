import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for ordering jobs by priority and deadline, the overdue filter and the reports, so none of
 * them reads every job or cost line of a workspace (test/report-plans.test.ts checks the plans at
 * 100,000 jobs). Declared on the entities with `synchronize: false`: expression and INCLUDE indexes.
 */
export class ReportIndexes1795334025564 implements MigrationInterface {
  name = 'ReportIndexes1795334025564';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "IDX_jobs_ws_priority_live" ON "jobs" ("workspace_id", "priority", "id") WHERE "deleted_at" IS NULL');
    await queryRunner.query(`CREATE INDEX "IDX_jobs_ws_deadline_live" ON "jobs" ("workspace_id", (COALESCE("deadline", 'infinity'::date)), "id") WHERE "deleted_at" IS NULL`);
    // Counts by status and the overdue filter (status = open AND deadline < today) read only this index.
    await queryRunner.query('CREATE INDEX "IDX_jobs_ws_status_live" ON "jobs" ("workspace_id", "status", "deadline") WHERE "deleted_at" IS NULL');
    await queryRunner.query('CREATE INDEX "IDX_cost_lines_ws_date" ON "cost_lines" ("workspace_id", "accounting_date") INCLUDE ("cost_set_id", "total_cost", "total_rev")');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_cost_lines_ws_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_jobs_ws_status_live"');
    await queryRunner.query('DROP INDEX "public"."IDX_jobs_ws_deadline_live"');
    await queryRunner.query('DROP INDEX "public"."IDX_jobs_ws_priority_live"');
  }
}
