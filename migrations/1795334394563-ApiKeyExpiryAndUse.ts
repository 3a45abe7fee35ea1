import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKeyExpiryAndUse1795334394563 implements MigrationInterface {
  name = 'ApiKeyExpiryAndUse1795334394563';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "api_keys" ADD "expires_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "api_keys" ADD "last_used_at" TIMESTAMP WITH TIME ZONE');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "api_keys" DROP COLUMN "last_used_at"');
    await queryRunner.query('ALTER TABLE "api_keys" DROP COLUMN "expires_at"');
  }
}
