/** What an API key may do: VIEWER reads, EDITOR and ADMIN also write. */
export enum Role {
  VIEWER = 'VIEWER',
  EDITOR = 'EDITOR',
  ADMIN = 'ADMIN',
}

/** Whether a role may run mutations. */
export function canWrite(role: Role): boolean {
  return role === Role.EDITOR || role === Role.ADMIN;
}
