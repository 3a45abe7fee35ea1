import { createHash, randomBytes } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Session } from '../graphql/context';
import type { Log } from '../logger';
import { ApiKey } from './api-key.entity';
import { Role } from './roles';
import { Workspace } from './workspace.entity';

/** SHA-256 of a key secret, hex. Keys are long random strings, so a fast hash is enough. */
export function hashKey(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** A new random key secret, e.g. `jc_Vb3…` (43 characters of base64url after the prefix). */
export function generateKeySecret(): string {
  return `jc_${randomBytes(32).toString('base64url')}`;
}

/**
 * The session of an API key secret; null when the key is unknown, revoked or expired. Also records
 * the key's `lastUsedAt`, at most once a minute per key, in the same statement (so authenticating
 * stays one statement; the conditional update re-checks the row, so concurrent requests write once).
 */
export async function authenticateKey(db: DataSource, secret: string): Promise<Session | null> {
  const rows: Array<{ id: string; name: string; role: Role; workspace_id: string }> = await db.query(
    `WITH key AS (
       SELECT id, name, role, workspace_id FROM api_keys
        WHERE key_hash = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
     ), used AS (
       UPDATE api_keys a SET last_used_at = now() FROM key
        WHERE a.id = key.id AND (a.last_used_at IS NULL OR a.last_used_at < now() - interval '1 minute')
     )
     SELECT id, name, role, workspace_id FROM key`,
    [hashKey(secret)],
  );
  const key = rows[0];
  if (!key) return null;
  return { actor: { type: 'API_KEY', id: key.id, name: key.name }, workspaceId: key.workspace_id, role: key.role };
}

/** Creates a workspace (or finds it by slug). */
export async function ensureWorkspace(db: DataSource, slug: string, name: string): Promise<Workspace> {
  const repo = db.getRepository(Workspace);
  return (await repo.findOneBy({ slug })) ?? repo.save(repo.create({ slug, name }));
}

/** Stores a key for `secret` in a workspace; returns the stored row (never the secret). */
export async function createApiKey(db: DataSource | EntityManager, workspaceId: string, name: string, role: Role, secret: string, expiresAt: Date | null = null): Promise<ApiKey> {
  const repo = db.getRepository(ApiKey);
  return repo.save(repo.create({ workspaceId, name, role, keyHash: hashKey(secret), keyPrefix: keyPrefix(secret), revokedAt: null, expiresAt, lastUsedAt: null }));
}

/** The visible start of a secret (`jc_` and 5 more characters), stored to recognise a key in lists. */
export function keyPrefix(secret: string): string {
  return secret.slice(0, 8);
}

/**
 * Start-up credentials. With `BOOTSTRAP_API_KEY`, an ADMIN key with that secret exists for the
 * workspace `default`. Without it, an empty database gets a demo workspace and key, whose secret
 * is returned so it can be printed once.
 */
export async function bootstrapCredentials(db: DataSource, bootstrapKey: string | undefined, log: Log): Promise<string | null> {
  if (bootstrapKey) {
    const workspace = await ensureWorkspace(db, 'default', 'Default workspace');
    const repo = db.getRepository(ApiKey);
    const existing = await repo.findOneBy({ keyHash: hashKey(bootstrapKey) });
    if (!existing) {
      await createApiKey(db, workspace.id, 'bootstrap', Role.ADMIN, bootstrapKey);
    } else if (existing.workspaceId !== workspace.id || existing.role !== Role.ADMIN || existing.revokedAt || existing.expiresAt) {
      await repo.update(existing.id, { workspaceId: workspace.id, role: Role.ADMIN, revokedAt: null, expiresAt: null });
    }
    log.info('bootstrap API key is active for workspace "default"');
    return null;
  }
  if ((await db.getRepository(Workspace).count()) > 0) return null;
  const workspace = await ensureWorkspace(db, 'default', 'Default workspace');
  const secret = generateKeySecret();
  await createApiKey(db, workspace.id, 'demo', Role.ADMIN, secret);
  return secret;
}
