/** The pure rules of projects: which kind a new project is, date ranges, details of the right kind, clean-up age. */
import { fail, UserErrorsException, type UserError } from '../../kernel/errors';
import { ProjectKind } from './project-kind';

/** The details a create or update input may carry: the school ones, the self-study ones, or neither. */
export interface DetailsChoice {
  school?: object | null;
  selfStudy?: object | null;
}

/** The input field holding each kind's details. */
export const DETAILS_FIELD: Readonly<Record<ProjectKind, keyof DetailsChoice>> = {
  [ProjectKind.SCHOOL]: 'school',
  [ProjectKind.SELF_STUDY]: 'selfStudy',
};

/** The GraphQL object type of each kind. */
export const GRAPHQL_TYPE: Readonly<Record<ProjectKind, 'SchoolProject' | 'SelfStudyProject'>> = {
  [ProjectKind.SCHOOL]: 'SchoolProject',
  [ProjectKind.SELF_STUDY]: 'SelfStudyProject',
};

/**
 * The kind of a new project, from the one details field given (`school` or `selfStudy`). Neither or
 * both: VALIDATION at the path of each field, so a form can mark both.
 */
export function kindOfNewProject(input: DetailsChoice): ProjectKind {
  const given = (Object.entries(DETAILS_FIELD) as Array<[ProjectKind, keyof DetailsChoice]>).filter(([, field]) => input[field] != null);
  if (given.length === 1) return given[0][0];
  const message = given.length === 0 ? "school or selfStudy is required: give the details of the project's kind" : 'give only one of school or selfStudy: a project has one kind';
  throw new UserErrorsException(Object.values(DETAILS_FIELD).map((field): UserError => ({ code: 'VALIDATION', message, path: ['input', field] })));
}

/** Refuses details of another kind than the project's (the kind never changes): VALIDATION at that field. */
export function assertOwnKindDetails(kind: ProjectKind, input: DetailsChoice): void {
  for (const [other, field] of Object.entries(DETAILS_FIELD) as Array<[ProjectKind, keyof DetailsChoice]>) {
    if (other !== kind && input[field] != null) {
      fail('VALIDATION', `A ${kind} project has no ${field} details, and a project's kind never changes`, ['input', field]);
    }
  }
}

/** Refuses an end date before the start date (`YYYY-MM-DD` strings compare as dates): VALIDATION at `path`. */
export function assertDateRange(startDate: string, endDate: string, path: string[]): void {
  if (endDate < startDate) fail('VALIDATION', `endDate (${endDate}) must not be before startDate (${startDate})`, path);
}

/** Hours a draft must have been left alone before the clean-up removes it: at least 1, at most 100 years. */
export const CLEANUP_MAX_HOURS = 876_000;

/** Refuses a clean-up age that is not a whole number of hours from 1 to {@link CLEANUP_MAX_HOURS}: VALIDATION at `olderThanHours`. */
export function assertCleanupAge(hours: number): void {
  if (!Number.isInteger(hours) || hours < 1 || hours > CLEANUP_MAX_HOURS) {
    fail('VALIDATION', `olderThanHours must be a whole number from 1 to ${CLEANUP_MAX_HOURS} (got ${hours})`, ['olderThanHours']);
  }
}

/** Whether applying `patch` to `row` would change any of its values (undefined means "not given"). */
export function wouldChange<T extends object>(row: T, patch: Partial<T>): boolean {
  return (Object.keys(patch) as Array<keyof T>).some((k) => patch[k] !== undefined && patch[k] !== row[k]);
}
