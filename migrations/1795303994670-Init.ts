import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Init1795303994670 implements MigrationInterface {
  name = 'Init1795303994670';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "workspaces" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "slug" character varying(100) NOT NULL, "name" character varying(200) NOT NULL, CONSTRAINT "PK_098656ae401f3e1a4586f47fd8e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_b8e9fe62e93d60089dfc4f175f" ON "workspaces"  ("slug") ');
    await queryRunner.query("CREATE TYPE \"public\".\"api_key_role\" AS ENUM('VIEWER', 'EDITOR', 'ADMIN')");
    await queryRunner.query(
      'CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspace_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "role" "public"."api_key_role" NOT NULL, "key_hash" character(64) NOT NULL, "key_prefix" character varying(16) NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_57384430aa1959f4578046c9b8" ON "api_keys"  ("key_hash") ');
    await queryRunner.query(
      'CREATE TABLE "clients" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspace_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "email" character varying(320), "phone" character varying(50), "notes" text, "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_f1ab7cf3a5714dbc6bb4e1c28a4" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_3ba7fca3aa42e3ab895794d107" ON "clients"  ("workspace_id", "name") ');
    await queryRunner.query(
      'CREATE TABLE "staff" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspace_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "email" character varying(320) NOT NULL, "wage_rate" numeric(12,2) NOT NULL, "charge_out_rate" numeric(12,2) NOT NULL, "manager_id" uuid, "active" boolean NOT NULL DEFAULT true, CONSTRAINT "PK_e4ee98bb552756c180aec1e854a" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_d8b506d9fc09af97afba8f3bd4" ON "staff"  ("manager_id") ');
    await queryRunner.query('CREATE INDEX "IDX_81bd47fb5fab28deda5a4f144a" ON "staff"  ("workspace_id", "name") ');
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_ec3f66fd569d8d1fc0b3f3b884" ON "staff"  ("workspace_id", "email") ');
    await queryRunner.query(
      "CREATE TYPE \"public\".\"job_status\" AS ENUM('DRAFT', 'AWAITING_APPROVAL', 'APPROVED', 'REJECTED', 'IN_PROGRESS', 'ON_HOLD', 'COMPLETED', 'ARCHIVED')",
    );
    await queryRunner.query("CREATE TYPE \"public\".\"job_priority\" AS ENUM('LOW', 'NORMAL', 'HIGH', 'URGENT')");
    await queryRunner.query(
      'CREATE TABLE "jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspace_id" uuid NOT NULL, "number" integer NOT NULL, "name" character varying(200) NOT NULL, "description" text, "client_id" uuid NOT NULL, "status" "public"."job_status" NOT NULL DEFAULT \'DRAFT\', "priority" "public"."job_priority" NOT NULL DEFAULT \'NORMAL\', "deadline" date, "assignee_id" uuid, "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_cf0a6c42b72fcc7f7c237def345" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_2d8a4e85d0e34419c8cc4344b8" ON "jobs"  ("workspace_id", "assignee_id") ');
    await queryRunner.query('CREATE INDEX "IDX_a751665bd451757c6afad5c638" ON "jobs"  ("workspace_id", "client_id", "status") ');
    await queryRunner.query('CREATE INDEX "IDX_381009b36f1e36409be60c014a" ON "jobs"  ("workspace_id", "status", "created_at") ');
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_6c7c1033aba6ba8965cb8a694e" ON "jobs"  ("workspace_id", "number") ');
    await queryRunner.query("CREATE TYPE \"public\".\"cost_set_kind\" AS ENUM('ESTIMATE', 'QUOTE', 'ACTUAL')");
    await queryRunner.query(
      'CREATE TABLE "cost_sets" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspace_id" uuid NOT NULL, "job_id" uuid NOT NULL, "kind" "public"."cost_set_kind" NOT NULL, "rev" integer NOT NULL, "summary_cost" numeric(14,2) NOT NULL DEFAULT \'0\', "summary_rev" numeric(14,2) NOT NULL DEFAULT \'0\', "summary_hours" numeric(14,3) NOT NULL DEFAULT \'0\', CONSTRAINT "PK_b7967b8e73c9e56a1fb0e5cedf0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_ec86b3c861ef22dd39207bcb6f" ON "cost_sets"  ("workspace_id", "job_id") ');
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_a86666a5ccf2382a9dc7d8eec9" ON "cost_sets"  ("job_id", "kind", "rev") ');
    await queryRunner.query("CREATE TYPE \"public\".\"cost_line_kind\" AS ENUM('TIME', 'MATERIAL', 'ADJUSTMENT')");
    await queryRunner.query(
      'CREATE TABLE "cost_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspace_id" uuid NOT NULL, "cost_set_id" uuid NOT NULL, "kind" "public"."cost_line_kind" NOT NULL, "description" character varying(500) NOT NULL, "quantity" numeric(12,3) NOT NULL, "unit_cost" numeric(12,2) NOT NULL, "unit_rev" numeric(12,2) NOT NULL, "total_cost" numeric(12,2) NOT NULL, "total_rev" numeric(12,2) NOT NULL, "accounting_date" date NOT NULL, "staff_id" uuid, "ext_refs" jsonb NOT NULL DEFAULT \'{}\', "meta" jsonb NOT NULL DEFAULT \'{}\', CONSTRAINT "PK_bca6c5df0f258e48c2be0a37e08" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_0ad39521a502bc1ac7d80d4419" ON "cost_lines"  ("workspace_id", "staff_id") ');
    await queryRunner.query('CREATE INDEX "IDX_110d810fe6e74598f85e617d9b" ON "cost_lines"  ("workspace_id", "cost_set_id") ');
    await queryRunner.query(
      'CREATE TABLE "workspace_counters" ("workspace_id" uuid NOT NULL, "name" character varying(50) NOT NULL, "value" integer NOT NULL, CONSTRAINT "PK_7ff4782547810b24ef298e9316a" PRIMARY KEY ("workspace_id", "name"))',
    );
    await queryRunner.query(
      'ALTER TABLE "api_keys" ADD CONSTRAINT "FK_deb68fe8625b21785d1c48283e4" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "clients" ADD CONSTRAINT "FK_46fa21b2d1a750fd246e60c5924" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "staff" ADD CONSTRAINT "FK_d6a02c3f696a4f40874e16059d6" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "staff" ADD CONSTRAINT "FK_d8b506d9fc09af97afba8f3bd4e" FOREIGN KEY ("manager_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "jobs" ADD CONSTRAINT "FK_58f07a7fbd5d546cc8ff788ea2d" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "jobs" ADD CONSTRAINT "FK_dec6205e2cd13841763710f9892" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "jobs" ADD CONSTRAINT "FK_6836dee6b9b3873f656d7304f08" FOREIGN KEY ("assignee_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cost_sets" ADD CONSTRAINT "FK_7b0548e67ba84dc656fd3449deb" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cost_sets" ADD CONSTRAINT "FK_ba2dd9f1c1f8efc3e5e2c0cba23" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cost_lines" ADD CONSTRAINT "FK_96a49a14e67d8e4c0e1b93dc820" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cost_lines" ADD CONSTRAINT "FK_5616fac00f043a75b8e402e0161" FOREIGN KEY ("cost_set_id") REFERENCES "cost_sets"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cost_lines" ADD CONSTRAINT "FK_234f7ce4be99bc4853fd4559b72" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "workspace_counters" ADD CONSTRAINT "FK_6b2de2e88618fdc55fdacf291ae" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "workspace_counters" DROP CONSTRAINT "FK_6b2de2e88618fdc55fdacf291ae"');
    await queryRunner.query('ALTER TABLE "cost_lines" DROP CONSTRAINT "FK_234f7ce4be99bc4853fd4559b72"');
    await queryRunner.query('ALTER TABLE "cost_lines" DROP CONSTRAINT "FK_5616fac00f043a75b8e402e0161"');
    await queryRunner.query('ALTER TABLE "cost_lines" DROP CONSTRAINT "FK_96a49a14e67d8e4c0e1b93dc820"');
    await queryRunner.query('ALTER TABLE "cost_sets" DROP CONSTRAINT "FK_ba2dd9f1c1f8efc3e5e2c0cba23"');
    await queryRunner.query('ALTER TABLE "cost_sets" DROP CONSTRAINT "FK_7b0548e67ba84dc656fd3449deb"');
    await queryRunner.query('ALTER TABLE "jobs" DROP CONSTRAINT "FK_6836dee6b9b3873f656d7304f08"');
    await queryRunner.query('ALTER TABLE "jobs" DROP CONSTRAINT "FK_dec6205e2cd13841763710f9892"');
    await queryRunner.query('ALTER TABLE "jobs" DROP CONSTRAINT "FK_58f07a7fbd5d546cc8ff788ea2d"');
    await queryRunner.query('ALTER TABLE "staff" DROP CONSTRAINT "FK_d8b506d9fc09af97afba8f3bd4e"');
    await queryRunner.query('ALTER TABLE "staff" DROP CONSTRAINT "FK_d6a02c3f696a4f40874e16059d6"');
    await queryRunner.query('ALTER TABLE "clients" DROP CONSTRAINT "FK_46fa21b2d1a750fd246e60c5924"');
    await queryRunner.query('ALTER TABLE "api_keys" DROP CONSTRAINT "FK_deb68fe8625b21785d1c48283e4"');
    await queryRunner.query('DROP TABLE "workspace_counters"');
    await queryRunner.query('DROP INDEX "public"."IDX_110d810fe6e74598f85e617d9b"');
    await queryRunner.query('DROP INDEX "public"."IDX_0ad39521a502bc1ac7d80d4419"');
    await queryRunner.query('DROP TABLE "cost_lines"');
    await queryRunner.query('DROP TYPE "public"."cost_line_kind"');
    await queryRunner.query('DROP INDEX "public"."IDX_a86666a5ccf2382a9dc7d8eec9"');
    await queryRunner.query('DROP INDEX "public"."IDX_ec86b3c861ef22dd39207bcb6f"');
    await queryRunner.query('DROP TABLE "cost_sets"');
    await queryRunner.query('DROP TYPE "public"."cost_set_kind"');
    await queryRunner.query('DROP INDEX "public"."IDX_6c7c1033aba6ba8965cb8a694e"');
    await queryRunner.query('DROP INDEX "public"."IDX_381009b36f1e36409be60c014a"');
    await queryRunner.query('DROP INDEX "public"."IDX_a751665bd451757c6afad5c638"');
    await queryRunner.query('DROP INDEX "public"."IDX_2d8a4e85d0e34419c8cc4344b8"');
    await queryRunner.query('DROP TABLE "jobs"');
    await queryRunner.query('DROP TYPE "public"."job_priority"');
    await queryRunner.query('DROP TYPE "public"."job_status"');
    await queryRunner.query('DROP INDEX "public"."IDX_ec3f66fd569d8d1fc0b3f3b884"');
    await queryRunner.query('DROP INDEX "public"."IDX_81bd47fb5fab28deda5a4f144a"');
    await queryRunner.query('DROP INDEX "public"."IDX_d8b506d9fc09af97afba8f3bd4"');
    await queryRunner.query('DROP TABLE "staff"');
    await queryRunner.query('DROP INDEX "public"."IDX_3ba7fca3aa42e3ab895794d107"');
    await queryRunner.query('DROP TABLE "clients"');
    await queryRunner.query('DROP INDEX "public"."IDX_57384430aa1959f4578046c9b8"');
    await queryRunner.query('DROP TABLE "api_keys"');
    await queryRunner.query('DROP TYPE "public"."api_key_role"');
    await queryRunner.query('DROP INDEX "public"."IDX_b8e9fe62e93d60089dfc4f175f"');
    await queryRunner.query('DROP TABLE "workspaces"');
  }
}
