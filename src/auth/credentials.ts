import type { DataSource } from 'typeorm';
import type { JwtConfig } from '../config';
import type { Session } from '../graphql/context';
import { unauthenticated } from '../graphql/errors';
import { authenticateKey } from './api-keys';
import { JWT_SHAPE, JwtRejected, jwtVerifier } from './jwt';

/** Turns an `Authorization` header value into a session, or throws UNAUTHENTICATED (HTTP 401). */
export type Authenticator = (header: string) => Promise<Session>;

/**
 * The authenticator of the server: `Bearer <token>` where a token shaped like a JWT (three base64url
 * parts) is verified as a JWT (when `jwt` is configured), anything else is looked up as an API key.
 * Error messages say what is wrong, never what was sent.
 */
export function createAuthenticator(db: DataSource, jwt: JwtConfig | undefined): Authenticator {
  const verify = jwt ? jwtVerifier(jwt) : null;
  return async (header) => {
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
    if (!token) throw unauthenticated('The Authorization header must be "Bearer <api key or token>".');
    if (!JWT_SHAPE.test(token)) {
      const session = await authenticateKey(db, token);
      if (!session) throw unauthenticated('The API key is unknown, revoked or expired.');
      return session;
    }
    if (!verify) throw unauthenticated('This API does not accept JWTs (no JWT_SECRET or JWT_JWKS_URL is set); use an API key.');
    try {
      const user = await verify(token);
      const rows: Array<{ id: string }> = await db.query('SELECT id FROM workspaces WHERE slug = $1 OR id::text = $1 LIMIT 1', [user.workspace]);
      if (!rows[0]) throw new JwtRejected('The token\'s "workspace" claim names no workspace of this API.');
      return { actor: { type: 'USER', id: user.id, name: user.name }, workspaceId: rows[0].id, role: user.role };
    } catch (err) {
      if (err instanceof JwtRejected) throw unauthenticated(err.message);
      throw err;
    }
  };
}
