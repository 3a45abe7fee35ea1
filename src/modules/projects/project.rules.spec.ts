// Unit specs for the pure rules of projects.
import { UserErrorsException } from '../../kernel/errors';
import { ProjectKind } from './project-kind';
import { assertCleanupAge, assertDateRange, assertOwnKindDetails, GRAPHQL_TYPE, kindOfNewProject, wouldChange } from './project.rules';

function errorsOf(run: () => unknown): Array<{ code: string; path: string[] }> {
  try {
    run();
  } catch (err) {
    if (err instanceof UserErrorsException) return err.errors.map(({ code, path }) => ({ code, path }));
    throw err;
  }
  throw new Error('expected a user error');
}

describe('kindOfNewProject', () => {
  it('is SCHOOL with school details and SELF_STUDY with self-study details', () => {
    expect(kindOfNewProject({ school: {} })).toBe(ProjectKind.SCHOOL);
    expect(kindOfNewProject({ selfStudy: {}, school: null })).toBe(ProjectKind.SELF_STUDY);
  });

  it.each([
    ['neither', {}],
    ['both null', { school: null, selfStudy: null }],
    ['both', { school: {}, selfStudy: {} }],
  ])('refuses %s with VALIDATION at both fields', (_label, input) => {
    expect(errorsOf(() => kindOfNewProject(input))).toEqual([
      { code: 'VALIDATION', path: ['input', 'school'] },
      { code: 'VALIDATION', path: ['input', 'selfStudy'] },
    ]);
  });
});

describe('assertOwnKindDetails', () => {
  it('accepts the details of the own kind, or none', () => {
    expect(() => assertOwnKindDetails(ProjectKind.SCHOOL, { school: {} })).not.toThrow();
    expect(() => assertOwnKindDetails(ProjectKind.SELF_STUDY, { selfStudy: {} })).not.toThrow();
    expect(() => assertOwnKindDetails(ProjectKind.SCHOOL, {})).not.toThrow();
  });

  it('refuses the other kind at its field', () => {
    expect(errorsOf(() => assertOwnKindDetails(ProjectKind.SCHOOL, { selfStudy: {} }))).toEqual([{ code: 'VALIDATION', path: ['input', 'selfStudy'] }]);
    expect(errorsOf(() => assertOwnKindDetails(ProjectKind.SELF_STUDY, { school: {}, selfStudy: {} }))).toEqual([{ code: 'VALIDATION', path: ['input', 'school'] }]);
  });
});

describe('assertDateRange', () => {
  it('accepts an end on or after the start', () => {
    expect(() => assertDateRange('2026-02-01', '2026-02-01', ['input', 'endDate'])).not.toThrow();
    expect(() => assertDateRange('2026-02-01', '2027-01-01', ['input', 'endDate'])).not.toThrow();
  });

  it('refuses an end before the start, at the given path', () => {
    expect(errorsOf(() => assertDateRange('2026-02-01', '2026-01-31', ['input', 'startDate']))).toEqual([{ code: 'VALIDATION', path: ['input', 'startDate'] }]);
  });
});

describe('assertCleanupAge', () => {
  it.each([1, 24, 876_000])('accepts %p', (h) => expect(() => assertCleanupAge(h)).not.toThrow());
  it.each([0, -1, 1.5, 876_001, Number.NaN])('refuses %p', (h) => {
    expect(errorsOf(() => assertCleanupAge(h))).toEqual([{ code: 'VALIDATION', path: ['olderThanHours'] }]);
  });
});

describe('GRAPHQL_TYPE', () => {
  it('names a type for every kind', () => {
    expect(Object.keys(GRAPHQL_TYPE).sort()).toEqual(Object.values(ProjectKind).sort());
  });
});

describe('wouldChange', () => {
  it('is true only when a given value differs', () => {
    const row = { name: 'a', note: null as string | null };
    expect(wouldChange(row, { name: 'a' })).toBe(false);
    expect(wouldChange(row, { name: undefined })).toBe(false);
    expect(wouldChange(row, { note: 'x' })).toBe(true);
    expect(wouldChange(row, { note: null })).toBe(false);
  });
});
