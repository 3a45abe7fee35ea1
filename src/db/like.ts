/**
 * Escapes `%`, `_` and `\` so user text is matched literally inside an ILIKE pattern. NUL
 * characters, which PostgreSQL text cannot hold (so no row can contain them), are dropped.
 */
export function likePattern(text: string): string {
  return `%${text.replace(/\u0000/g, '').replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
