import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Purchasing1795306201640 implements MigrationInterface {
  name = 'Purchasing1795306201640';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "suppliers" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspace_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "email" character varying(320), "phone" character varying(50), "account_ref" character varying(100), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b70ac51766a9e3144f778cfe81e" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_94df3b779d77f7d907550ba6ca" ON "suppliers"  ("workspace_id", "name") ');
    await queryRunner.query("CREATE TYPE \"public\".\"purchase_order_status\" AS ENUM('DRAFT', 'SUBMITTED', 'PARTIALLY_RECEIVED', 'RECEIVED', 'CANCELLED')");
    await queryRunner.query(
      'CREATE TABLE "purchase_orders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspace_id" uuid NOT NULL, "number" integer NOT NULL, "supplier_id" uuid NOT NULL, "status" "public"."purchase_order_status" NOT NULL DEFAULT \'DRAFT\', "order_date" date NOT NULL, "expected_date" date, "reference" character varying(100), CONSTRAINT "PK_05148947415204a897e8beb2553" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_ee3154513bc57c59f430307d37" ON "purchase_orders"  ("workspace_id", "supplier_id") ');
    await queryRunner.query('CREATE INDEX "IDX_c49ea304ae86900223cf83519b" ON "purchase_orders"  ("workspace_id", "status", "order_date") ');
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_a09287477dd85f711a72fb284c" ON "purchase_orders"  ("workspace_id", "number") ');
    await queryRunner.query(
      'CREATE TABLE "purchase_order_lines" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspace_id" uuid NOT NULL, "purchase_order_id" uuid NOT NULL, "description" character varying(500) NOT NULL, "item_code" character varying(100), "quantity_ordered" numeric(12,3) NOT NULL, "unit_cost" numeric(12,2) NOT NULL, "quantity_received" numeric(12,3) NOT NULL DEFAULT \'0\', "job_id" uuid, CONSTRAINT "CHK_purchase_order_lines_received" CHECK ("quantity_received" >= 0 AND "quantity_received" <= "quantity_ordered"), CONSTRAINT "PK_34a2082d2abb10c5d8713bc19b8" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_e1f4ace186c93c811fbe5c7beb" ON "purchase_order_lines"  ("workspace_id", "job_id") ');
    await queryRunner.query('CREATE INDEX "IDX_90fdf2aaf411e288edade63856" ON "purchase_order_lines"  ("workspace_id", "purchase_order_id") ');
    await queryRunner.query(
      'CREATE TABLE "stock_items" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "workspace_id" uuid NOT NULL, "description" character varying(500) NOT NULL, "item_code" character varying(100), "unit_cost" numeric(12,2) NOT NULL, "quantity_on_hand" numeric(12,3) NOT NULL, "quantity_used" numeric(12,3) NOT NULL DEFAULT \'0\', "source_purchase_order_line_id" uuid, CONSTRAINT "CHK_stock_items_available" CHECK ("quantity_used" >= 0 AND "quantity_on_hand" >= "quantity_used"), CONSTRAINT "PK_52a266aa3e04b8ad1f01088f3f0" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_9e69f0340e07fba7fa80dbef50" ON "stock_items"  ("source_purchase_order_line_id") ');
    await queryRunner.query('CREATE INDEX "IDX_b7597931a783d19927a8046aff" ON "stock_items"  ("workspace_id", "item_code") ');
    await queryRunner.query(
      'CREATE TABLE "suppliers_history" ("history_id" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE, "workspace_id" uuid, "name" character varying(200), "email" character varying(320), "phone" character varying(50), "account_ref" character varying(100), "deleted_at" TIMESTAMP WITH TIME ZONE, "version" integer NOT NULL, "history_type" character(1) NOT NULL, "history_date" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" character varying(20) NOT NULL, "actor_id" character varying(100) NOT NULL, "actor_label" character varying(200) NOT NULL, "reason" text, "request_id" character varying(100), "transaction_id" bigint NOT NULL, "changed_fields" jsonb NOT NULL, "prev_hash" character(64), "row_hash" character(64) NOT NULL, CONSTRAINT "PK_19dd8246873e81814808e48e21f" PRIMARY KEY ("history_id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_suppliers_history_entity_version" ON "suppliers_history"  ("id", "version") ');
    await queryRunner.query('CREATE INDEX "IDX_suppliers_history_ws_date" ON "suppliers_history"  ("workspace_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_suppliers_history_ws_actor_date" ON "suppliers_history"  ("workspace_id", "actor_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_suppliers_history_ws_type_date" ON "suppliers_history"  ("workspace_id", "history_type", "history_date") ');
    await queryRunner.query(
      'CREATE TABLE "purchase_orders_history" ("history_id" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE, "workspace_id" uuid, "number" integer, "supplier_id" uuid, "status" "public"."purchase_order_status", "order_date" date, "expected_date" date, "reference" character varying(100), "version" integer NOT NULL, "history_type" character(1) NOT NULL, "history_date" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" character varying(20) NOT NULL, "actor_id" character varying(100) NOT NULL, "actor_label" character varying(200) NOT NULL, "reason" text, "request_id" character varying(100), "transaction_id" bigint NOT NULL, "changed_fields" jsonb NOT NULL, "prev_hash" character(64), "row_hash" character(64) NOT NULL, CONSTRAINT "PK_563a2f98a8a9dc409adeaec471a" PRIMARY KEY ("history_id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_purchase_orders_history_entity_version" ON "purchase_orders_history"  ("id", "version") ');
    await queryRunner.query('CREATE INDEX "IDX_purchase_orders_history_ws_date" ON "purchase_orders_history"  ("workspace_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_purchase_orders_history_ws_actor_date" ON "purchase_orders_history"  ("workspace_id", "actor_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_purchase_orders_history_ws_type_date" ON "purchase_orders_history"  ("workspace_id", "history_type", "history_date") ');
    await queryRunner.query(
      'CREATE TABLE "purchase_order_lines_history" ("history_id" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE, "workspace_id" uuid, "purchase_order_id" uuid, "description" character varying(500), "item_code" character varying(100), "quantity_ordered" numeric(12,3), "unit_cost" numeric(12,2), "quantity_received" numeric(12,3), "job_id" uuid, "version" integer NOT NULL, "history_type" character(1) NOT NULL, "history_date" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" character varying(20) NOT NULL, "actor_id" character varying(100) NOT NULL, "actor_label" character varying(200) NOT NULL, "reason" text, "request_id" character varying(100), "transaction_id" bigint NOT NULL, "changed_fields" jsonb NOT NULL, "prev_hash" character(64), "row_hash" character(64) NOT NULL, CONSTRAINT "PK_9f9720522e10a32d6a06d3da970" PRIMARY KEY ("history_id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_purchase_order_lines_history_entity_version" ON "purchase_order_lines_history"  ("id", "version") ');
    await queryRunner.query('CREATE INDEX "IDX_purchase_order_lines_history_ws_date" ON "purchase_order_lines_history"  ("workspace_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_purchase_order_lines_history_ws_actor_date" ON "purchase_order_lines_history"  ("workspace_id", "actor_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_purchase_order_lines_history_ws_type_date" ON "purchase_order_lines_history"  ("workspace_id", "history_type", "history_date") ');
    await queryRunner.query(
      'CREATE TABLE "stock_items_history" ("history_id" BIGSERIAL NOT NULL, "id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE, "updated_at" TIMESTAMP WITH TIME ZONE, "workspace_id" uuid, "description" character varying(500), "item_code" character varying(100), "unit_cost" numeric(12,2), "quantity_on_hand" numeric(12,3), "quantity_used" numeric(12,3), "source_purchase_order_line_id" uuid, "version" integer NOT NULL, "history_type" character(1) NOT NULL, "history_date" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_type" character varying(20) NOT NULL, "actor_id" character varying(100) NOT NULL, "actor_label" character varying(200) NOT NULL, "reason" text, "request_id" character varying(100), "transaction_id" bigint NOT NULL, "changed_fields" jsonb NOT NULL, "prev_hash" character(64), "row_hash" character(64) NOT NULL, CONSTRAINT "PK_54b3c316ae879f74e737bc0b74e" PRIMARY KEY ("history_id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "IDX_stock_items_history_entity_version" ON "stock_items_history"  ("id", "version") ');
    await queryRunner.query('CREATE INDEX "IDX_stock_items_history_ws_date" ON "stock_items_history"  ("workspace_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_stock_items_history_ws_actor_date" ON "stock_items_history"  ("workspace_id", "actor_id", "history_date") ');
    await queryRunner.query('CREATE INDEX "IDX_stock_items_history_ws_type_date" ON "stock_items_history"  ("workspace_id", "history_type", "history_date") ');
    await queryRunner.query('ALTER TABLE "cost_lines" ADD "stock_item_id" uuid');
    await queryRunner.query('ALTER TABLE "cost_lines_history" ADD "stock_item_id" uuid');
    await queryRunner.query('ALTER TABLE "workspaces" ALTER COLUMN "created_at" SET DEFAULT clock_timestamp()');
    await queryRunner.query('ALTER TABLE "api_keys" ALTER COLUMN "created_at" SET DEFAULT clock_timestamp()');
    await queryRunner.query('ALTER TABLE "clients" ALTER COLUMN "created_at" SET DEFAULT clock_timestamp()');
    await queryRunner.query('ALTER TABLE "staff" ALTER COLUMN "created_at" SET DEFAULT clock_timestamp()');
    await queryRunner.query('DROP INDEX "public"."IDX_381009b36f1e36409be60c014a"');
    await queryRunner.query('ALTER TABLE "jobs" ALTER COLUMN "created_at" SET DEFAULT clock_timestamp()');
    await queryRunner.query('ALTER TABLE "cost_sets" ALTER COLUMN "created_at" SET DEFAULT clock_timestamp()');
    await queryRunner.query('ALTER TABLE "cost_lines" ALTER COLUMN "created_at" SET DEFAULT clock_timestamp()');
    await queryRunner.query('CREATE INDEX "IDX_381009b36f1e36409be60c014a" ON "jobs"  ("workspace_id", "status", "created_at") ');
    await queryRunner.query('CREATE INDEX "IDX_285820b4a096a453c913cb18a7" ON "cost_lines"  ("workspace_id", "stock_item_id") ');
    await queryRunner.query(
      'ALTER TABLE "suppliers" ADD CONSTRAINT "FK_20e92cd4bae720ea46ac7cc0e8d" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "purchase_orders" ADD CONSTRAINT "FK_fa8f7c0ebba011688019b24894f" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "purchase_orders" ADD CONSTRAINT "FK_d16a885aa88447ccfd010e739b0" FOREIGN KEY ("supplier_id") REFERENCES "suppliers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "FK_29a7d34e62092fd2be59d29c5db" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "FK_c70f4952f88b5bd649151f631c8" FOREIGN KEY ("purchase_order_id") REFERENCES "purchase_orders"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "purchase_order_lines" ADD CONSTRAINT "FK_4e0b61a255d08821896dbdc59a0" FOREIGN KEY ("job_id") REFERENCES "jobs"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "stock_items" ADD CONSTRAINT "FK_549fc60f9c6e655acc62d1ecf19" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "stock_items" ADD CONSTRAINT "FK_9e69f0340e07fba7fa80dbef50d" FOREIGN KEY ("source_purchase_order_line_id") REFERENCES "purchase_order_lines"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "cost_lines" ADD CONSTRAINT "FK_c1dd8d42b31d76e0352d990aee6" FOREIGN KEY ("stock_item_id") REFERENCES "stock_items"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query("SELECT audit_install('suppliers')");
    await queryRunner.query("SELECT audit_install('purchase_orders')");
    await queryRunner.query("SELECT audit_install('purchase_order_lines')");
    await queryRunner.query("SELECT audit_install('stock_items')");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("SELECT audit_uninstall('stock_items')");
    await queryRunner.query("SELECT audit_uninstall('purchase_order_lines')");
    await queryRunner.query("SELECT audit_uninstall('purchase_orders')");
    await queryRunner.query("SELECT audit_uninstall('suppliers')");
    await queryRunner.query('ALTER TABLE "cost_lines" DROP CONSTRAINT "FK_c1dd8d42b31d76e0352d990aee6"');
    await queryRunner.query('ALTER TABLE "stock_items" DROP CONSTRAINT "FK_9e69f0340e07fba7fa80dbef50d"');
    await queryRunner.query('ALTER TABLE "stock_items" DROP CONSTRAINT "FK_549fc60f9c6e655acc62d1ecf19"');
    await queryRunner.query('ALTER TABLE "purchase_order_lines" DROP CONSTRAINT "FK_4e0b61a255d08821896dbdc59a0"');
    await queryRunner.query('ALTER TABLE "purchase_order_lines" DROP CONSTRAINT "FK_c70f4952f88b5bd649151f631c8"');
    await queryRunner.query('ALTER TABLE "purchase_order_lines" DROP CONSTRAINT "FK_29a7d34e62092fd2be59d29c5db"');
    await queryRunner.query('ALTER TABLE "purchase_orders" DROP CONSTRAINT "FK_d16a885aa88447ccfd010e739b0"');
    await queryRunner.query('ALTER TABLE "purchase_orders" DROP CONSTRAINT "FK_fa8f7c0ebba011688019b24894f"');
    await queryRunner.query('ALTER TABLE "suppliers" DROP CONSTRAINT "FK_20e92cd4bae720ea46ac7cc0e8d"');
    await queryRunner.query('DROP INDEX "public"."IDX_285820b4a096a453c913cb18a7"');
    await queryRunner.query('DROP INDEX "public"."IDX_381009b36f1e36409be60c014a"');
    await queryRunner.query('ALTER TABLE "cost_lines" ALTER COLUMN "created_at" SET DEFAULT now()');
    await queryRunner.query('ALTER TABLE "cost_sets" ALTER COLUMN "created_at" SET DEFAULT now()');
    await queryRunner.query('ALTER TABLE "jobs" ALTER COLUMN "created_at" SET DEFAULT now()');
    await queryRunner.query('CREATE INDEX "IDX_381009b36f1e36409be60c014a" ON "jobs" USING btree ("created_at", "workspace_id", "status") ');
    await queryRunner.query('ALTER TABLE "staff" ALTER COLUMN "created_at" SET DEFAULT now()');
    await queryRunner.query('ALTER TABLE "clients" ALTER COLUMN "created_at" SET DEFAULT now()');
    await queryRunner.query('ALTER TABLE "api_keys" ALTER COLUMN "created_at" SET DEFAULT now()');
    await queryRunner.query('ALTER TABLE "workspaces" ALTER COLUMN "created_at" SET DEFAULT now()');
    await queryRunner.query('ALTER TABLE "cost_lines_history" DROP COLUMN "stock_item_id"');
    await queryRunner.query('ALTER TABLE "cost_lines" DROP COLUMN "stock_item_id"');
    await queryRunner.query('DROP INDEX "public"."IDX_stock_items_history_ws_type_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_stock_items_history_ws_actor_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_stock_items_history_ws_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_stock_items_history_entity_version"');
    await queryRunner.query('DROP TABLE "stock_items_history"');
    await queryRunner.query('DROP INDEX "public"."IDX_purchase_order_lines_history_ws_type_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_purchase_order_lines_history_ws_actor_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_purchase_order_lines_history_ws_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_purchase_order_lines_history_entity_version"');
    await queryRunner.query('DROP TABLE "purchase_order_lines_history"');
    await queryRunner.query('DROP INDEX "public"."IDX_purchase_orders_history_ws_type_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_purchase_orders_history_ws_actor_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_purchase_orders_history_ws_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_purchase_orders_history_entity_version"');
    await queryRunner.query('DROP TABLE "purchase_orders_history"');
    await queryRunner.query('DROP INDEX "public"."IDX_suppliers_history_ws_type_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_suppliers_history_ws_actor_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_suppliers_history_ws_date"');
    await queryRunner.query('DROP INDEX "public"."IDX_suppliers_history_entity_version"');
    await queryRunner.query('DROP TABLE "suppliers_history"');
    await queryRunner.query('DROP INDEX "public"."IDX_b7597931a783d19927a8046aff"');
    await queryRunner.query('DROP INDEX "public"."IDX_9e69f0340e07fba7fa80dbef50"');
    await queryRunner.query('DROP TABLE "stock_items"');
    await queryRunner.query('DROP INDEX "public"."IDX_90fdf2aaf411e288edade63856"');
    await queryRunner.query('DROP INDEX "public"."IDX_e1f4ace186c93c811fbe5c7beb"');
    await queryRunner.query('DROP TABLE "purchase_order_lines"');
    await queryRunner.query('DROP INDEX "public"."IDX_a09287477dd85f711a72fb284c"');
    await queryRunner.query('DROP INDEX "public"."IDX_c49ea304ae86900223cf83519b"');
    await queryRunner.query('DROP INDEX "public"."IDX_ee3154513bc57c59f430307d37"');
    await queryRunner.query('DROP TABLE "purchase_orders"');
    await queryRunner.query('DROP TYPE "public"."purchase_order_status"');
    await queryRunner.query('DROP INDEX "public"."IDX_94df3b779d77f7d907550ba6ca"');
    await queryRunner.query('DROP TABLE "suppliers"');
  }
}
