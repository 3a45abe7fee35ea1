import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AppErrors1795334955218 implements MigrationInterface {
  name = 'AppErrors1795334955218';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "app_errors" ("id" uuid NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspace_id" uuid, "operation_name" character varying(200), "actor_type" character varying(20), "actor_id" character varying(100), "request_id" character varying(100), "path" character varying(500), "message" text NOT NULL, "stack" text, CONSTRAINT "PK_e30e9102d1e2b791eec34ee3191" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_82f4d5e3fbdb5675d9cf43e973" ON "app_errors"  ("occurred_at") ');
    await queryRunner.query('CREATE INDEX "IDX_d6462b3f586dc07d526ec99083" ON "app_errors"  ("workspace_id", "occurred_at") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_d6462b3f586dc07d526ec99083"');
    await queryRunner.query('DROP INDEX "public"."IDX_82f4d5e3fbdb5675d9cf43e973"');
    await queryRunner.query('DROP TABLE "app_errors"');
  }
}
