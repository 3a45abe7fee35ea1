// Unit specs for the job status machine.
import { canTransition, CLOSED_STATUSES, JOB_TRANSITIONS, JobStatus, UNDELETABLE_STATUSES } from './job-status';

const S = JobStatus;
const ALL = Object.values(JobStatus);

const ALLOWED: Array<[JobStatus, JobStatus]> = [
  [S.DRAFT, S.AWAITING_APPROVAL],
  [S.AWAITING_APPROVAL, S.APPROVED],
  [S.AWAITING_APPROVAL, S.DRAFT],
  [S.AWAITING_APPROVAL, S.REJECTED],
  [S.APPROVED, S.IN_PROGRESS],
  [S.APPROVED, S.ON_HOLD],
  [S.IN_PROGRESS, S.COMPLETED],
  [S.IN_PROGRESS, S.ON_HOLD],
  [S.IN_PROGRESS, S.APPROVED],
  [S.ON_HOLD, S.IN_PROGRESS],
  [S.ON_HOLD, S.APPROVED],
  [S.COMPLETED, S.ARCHIVED],
  [S.REJECTED, S.DRAFT],
];

describe('canTransition', () => {
  it.each(ALLOWED)('allows %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it('allows exactly the listed transitions and no others', () => {
    const allowed = ALL.flatMap((from) => ALL.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`));
    expect(allowed.sort()).toEqual(ALLOWED.map(([f, t]) => `${f}->${t}`).sort());
  });

  it.each(ALL)('refuses ARCHIVED → %s', (to) => {
    expect(canTransition(S.ARCHIVED, to)).toBe(false);
  });

  it.each(ALL)('refuses staying in %s', (status) => {
    expect(canTransition(status, status)).toBe(false);
  });

  it.each([
    [S.DRAFT, S.APPROVED],
    [S.DRAFT, S.IN_PROGRESS],
    [S.COMPLETED, S.IN_PROGRESS],
    [S.REJECTED, S.APPROVED],
    [S.ON_HOLD, S.COMPLETED],
    [S.APPROVED, S.DRAFT],
  ])('refuses %s → %s', (from, to) => {
    expect(canTransition(from, to)).toBe(false);
  });

  it('has an entry for every status', () => {
    expect(Object.keys(JOB_TRANSITIONS).sort()).toEqual([...ALL].sort());
  });
});

describe('status groups', () => {
  it('UNDELETABLE_STATUSES are IN_PROGRESS, COMPLETED and ARCHIVED', () => {
    expect([...UNDELETABLE_STATUSES].sort()).toEqual([S.ARCHIVED, S.COMPLETED, S.IN_PROGRESS]);
  });

  it('CLOSED_STATUSES are COMPLETED, ARCHIVED and REJECTED', () => {
    expect([...CLOSED_STATUSES].sort()).toEqual([S.ARCHIVED, S.COMPLETED, S.REJECTED]);
  });
});
