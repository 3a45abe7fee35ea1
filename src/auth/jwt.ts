import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ConfigError, type JwtConfig } from '../config';
import { Role } from './roles';

/** A bearer value shaped like a JWT: three base64url parts separated by dots. */
export const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** Accepted clock difference between the token issuer and this server, for `exp` and `nbf`. */
const CLOCK_TOLERANCE_SECONDS = 30;

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** The user a verified token speaks for; the workspace is still a slug or id to look up. */
export interface JwtUser {
  /** `sub`: the user's id at the issuer. */
  id: string;
  /** `name`, or the `sub` when the token has no name. */
  name: string;
  role: Role;
  /** `workspace`: the slug (or id) of the workspace the user works in. */
  workspace: string;
}

/** A token that cannot be accepted; the message is safe to show (it never contains the token). */
export class JwtRejected extends Error {}

/** Verifies bearer JWTs against the configured key(s), issuer and audience. */
export type JwtVerifier = (token: string) => Promise<JwtUser>;

/** The verifier for `config`: HS256 with `JWT_SECRET`, or the keys of the JWKS at `JWT_JWKS_URL` (a URL or a file). */
export function jwtVerifier(config: JwtConfig): JwtVerifier {
  const { key, algorithms } = verificationKey(config);
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key as JWTVerifyGetKey, {
        algorithms,
        issuer: config.issuer,
        audience: config.audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (err) {
      throw new JwtRejected(rejection(err));
    }
    return userOf(payload);
  };
}

function verificationKey(config: JwtConfig): { key: Uint8Array | JWTVerifyGetKey; algorithms: string[] } {
  if (config.secret) return { key: new TextEncoder().encode(config.secret), algorithms: ['HS256'] };
  const source = config.jwksUrl!;
  if (source.toLowerCase().startsWith('https://')) return { key: createRemoteJWKSet(new URL(source)), algorithms: ASYMMETRIC };
  try {
    return { key: createLocalJWKSet(JSON.parse(readFileSync(source, 'utf8')) as Parameters<typeof createLocalJWKSet>[0]), algorithms: ASYMMETRIC };
  } catch (err) {
    throw new ConfigError(`JWT_JWKS_URL: cannot read a JWKS (JSON with a "keys" array) from ${source}: ${(err as Error).message}`);
  }
}

/** Why jose refused a token, in words a client can act on. */
function rejection(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'The token has expired.';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return 'The token was issued by an issuer this API does not trust.';
    if (err.claim === 'aud') return 'The token is meant for another audience.';
    return `The token's "${err.claim}" claim is missing or not valid.`;
  }
  if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey) {
    return 'The token signature is not valid.';
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return 'The token is signed with an algorithm this API does not accept.';
  return 'The token is malformed or cannot be verified.';
}

function userOf(payload: JWTPayload): JwtUser {
  const text = (name: string, max: number): string | undefined => {
    const value = payload[name];
    return typeof value === 'string' && value.trim() && value.length <= max ? value.trim() : undefined;
  };
  const id = text('sub', 100);
  if (!id) throw new JwtRejected('The token\'s "sub" claim must be a user id of 1 to 100 characters.');
  const role = payload.role;
  if (typeof role !== 'string' || !(Object.values(Role) as string[]).includes(role)) {
    throw new JwtRejected(`The token's "role" claim must be one of ${Object.values(Role).join(', ')}.`);
  }
  const workspace = text('workspace', 100);
  if (!workspace) throw new JwtRejected('The token\'s "workspace" claim must hold a workspace slug or id.');
  return { id, name: text('name', 200) ?? id, role: role as Role, workspace };
}
