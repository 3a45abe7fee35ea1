import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IdempotencyKeys1795335525125 implements MigrationInterface {
  name = 'IdempotencyKeys1795335525125';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "idempotency_keys" ("actor_type" character varying(20) NOT NULL, "actor_id" character varying(100) NOT NULL, "key" character varying(255) NOT NULL, "workspace_id" uuid NOT NULL, "request_hash" character(64) NOT NULL, "status_code" integer, "response" json, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_f36bd34403d858ab1c0ef1ce3c4" PRIMARY KEY ("actor_type", "actor_id", "key"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_e5fc0731b6752a8e9194fa265e" ON "idempotency_keys"  ("expires_at") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_e5fc0731b6752a8e9194fa265e"');
    await queryRunner.query('DROP TABLE "idempotency_keys"');
  }
}
