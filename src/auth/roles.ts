/**
 * What a caller may do: VIEWER reads, EDITOR and ADMIN also write, and only ADMIN manages keys and runs
 * workspace-wide maintenance. Which root field needs which role is declared in schema.graphql (`@requires`).
 */
export enum Role {
  VIEWER = 'VIEWER',
  EDITOR = 'EDITOR',
  ADMIN = 'ADMIN',
}

const RANK: Record<Role, number> = { [Role.VIEWER]: 0, [Role.EDITOR]: 1, [Role.ADMIN]: 2 };

/** Whether `role` may do everything `needed` may (ADMIN includes EDITOR, which includes VIEWER). */
export function hasRole(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}
