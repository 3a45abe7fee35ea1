import { Column, Entity, Index } from 'typeorm';
import { TenantRow } from '../db/tenant.entity';
import { Role } from './roles';

/** A long-lived credential. Only the SHA-256 of the secret is stored; the secret is shown once. */
@Entity({ name: 'api_keys' })
export class ApiKey extends TenantRow {
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'enum', enum: Role, enumName: 'api_key_role' })
  role!: Role;

  @Index({ unique: true })
  @Column({ type: 'char', length: 64 })
  keyHash!: string;

  /** The first characters of the secret, to recognise a key in lists without revealing it. */
  @Column({ type: 'varchar', length: 16 })
  keyPrefix!: string;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** Past this moment the key is refused like a revoked one; null: never expires. */
  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  /** When the key last authenticated a request, to the minute (written at most once a minute). */
  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
