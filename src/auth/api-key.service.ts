import { IsDate, IsEnum, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { findForUpdate } from '../db/find';
import { fail } from '../kernel/errors';
import { IsText, Trim, validateInput } from '../kernel/validation';
import { ApiKey } from './api-key.entity';
import { createApiKey, generateKeySecret } from './api-keys';
import { Role } from './roles';

/** What a new key is made of (`createApiKey` input, and the `apikey create` command). */
export class CreateApiKeyData {
  @Trim()
  @IsString()
  @IsNotEmpty()
  @IsText(200)
  name!: string;

  @IsEnum(Role, { message: `role must be one of ${Object.values(Role).join(', ')}` })
  role!: Role;

  @IsOptional()
  @IsDate()
  expiresAt?: Date | null;
}

const KEY = { path: ['id'], what: 'API key' };

/**
 * API key management for one workspace: issue, revoke, list. Only the SHA-256 of a secret is
 * stored; the secret is returned once, by {@link issueApiKey}.
 */
export const apiKeyService = {
  /** The workspace's keys, newest first (revoked and expired ones too). */
  list(em: EntityManager, workspaceId: string): Promise<ApiKey[]> {
    return em.find(ApiKey, { where: { workspaceId }, order: { createdAt: 'DESC', id: 'DESC' } });
  },

  /** Validates `input` (user errors at `path`) and stores a new key; returns it with its secret. */
  async issue(em: EntityManager, workspaceId: string, input: unknown, path: string[] = ['input']): Promise<{ apiKey: ApiKey; secret: string }> {
    const data = await validateInput(CreateApiKeyData, input, path);
    if (data.expiresAt && data.expiresAt.getTime() <= Date.now()) fail('VALIDATION', 'expiresAt must be in the future', [...path, 'expiresAt']);
    const secret = generateKeySecret();
    const apiKey = await createApiKey(em, workspaceId, data.name, data.role, secret, data.expiresAt ?? null);
    return { apiKey, secret };
  },

  /**
   * Revokes a key of the workspace (NOT_FOUND for any other id). A revoked key stays as it was.
   * `callerKeyId` (the key making the request) cannot revoke itself: IN_USE.
   */
  async revoke(em: EntityManager, workspaceId: string, id: string, callerKeyId: string | null): Promise<ApiKey> {
    const key = await findForUpdate(em, ApiKey, workspaceId, id, KEY);
    if (key.revokedAt) return key;
    if (key.id === callerKeyId) fail('IN_USE', 'A key cannot revoke itself: revoke it with another ADMIN key', ['id']);
    key.revokedAt = new Date();
    return em.save(key);
  },
};
