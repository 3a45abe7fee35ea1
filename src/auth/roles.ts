/** What an API key may do: VIEWER reads, EDITOR and ADMIN also write, and only ADMIN runs workspace-wide maintenance. */
export enum Role {
  VIEWER = 'VIEWER',
  EDITOR = 'EDITOR',
  ADMIN = 'ADMIN',
}

const RANK: Record<Role, number> = { [Role.VIEWER]: 0, [Role.EDITOR]: 1, [Role.ADMIN]: 2 };

/** Whether a role may run mutations. */
export function canWrite(role: Role): boolean {
  return hasRole(role, Role.EDITOR);
}

/** Whether `role` may do everything `needed` may (ADMIN includes EDITOR, which includes VIEWER). */
export function hasRole(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}
