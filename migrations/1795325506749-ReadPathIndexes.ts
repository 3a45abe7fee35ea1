import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReadPathIndexes1795325506749 implements MigrationInterface {
  name = 'ReadPathIndexes1795325506749';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX "IDX_jobs_ws_created_live" ON "jobs"  ("workspace_id", "created_at", "id") WHERE "deleted_at" IS NULL');
    await queryRunner.query('CREATE INDEX "IDX_cost_sets_history_ws_parent" ON "cost_sets_history"  ("workspace_id", "job_id") ');
    await queryRunner.query('CREATE INDEX "IDX_cost_lines_history_ws_parent" ON "cost_lines_history"  ("workspace_id", "cost_set_id") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_cost_lines_history_ws_parent"');
    await queryRunner.query('DROP INDEX "public"."IDX_cost_sets_history_ws_parent"');
    await queryRunner.query('DROP INDEX "public"."IDX_jobs_ws_created_live"');
  }
}
