/** Where a job is in its life. */
export enum JobStatus {
  DRAFT = 'DRAFT',
  AWAITING_APPROVAL = 'AWAITING_APPROVAL',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  IN_PROGRESS = 'IN_PROGRESS',
  ON_HOLD = 'ON_HOLD',
  COMPLETED = 'COMPLETED',
  ARCHIVED = 'ARCHIVED',
}

export enum JobPriority {
  LOW = 'LOW',
  NORMAL = 'NORMAL',
  HIGH = 'HIGH',
  URGENT = 'URGENT',
}

/** The status machine: the statuses each status may move to. */
export const JOB_TRANSITIONS: Readonly<Record<JobStatus, readonly JobStatus[]>> = {
  [JobStatus.DRAFT]: [JobStatus.AWAITING_APPROVAL],
  [JobStatus.AWAITING_APPROVAL]: [JobStatus.APPROVED, JobStatus.DRAFT, JobStatus.REJECTED],
  [JobStatus.APPROVED]: [JobStatus.IN_PROGRESS, JobStatus.ON_HOLD],
  [JobStatus.IN_PROGRESS]: [JobStatus.COMPLETED, JobStatus.ON_HOLD, JobStatus.APPROVED],
  [JobStatus.ON_HOLD]: [JobStatus.IN_PROGRESS, JobStatus.APPROVED],
  [JobStatus.COMPLETED]: [JobStatus.ARCHIVED],
  [JobStatus.REJECTED]: [JobStatus.DRAFT],
  [JobStatus.ARCHIVED]: [],
};

/** Whether a job may move from one status to another. */
export function canTransition(from: JobStatus, to: JobStatus): boolean {
  return JOB_TRANSITIONS[from].includes(to);
}

/** Statuses in which a job can no longer be deleted, whatever its costs. */
export const UNDELETABLE_STATUSES: readonly JobStatus[] = [JobStatus.IN_PROGRESS, JobStatus.COMPLETED, JobStatus.ARCHIVED];

/** Statuses a job is no longer overdue in, even past its deadline. */
export const CLOSED_STATUSES: readonly JobStatus[] = [JobStatus.COMPLETED, JobStatus.ARCHIVED, JobStatus.REJECTED];

/** Every other status: a job in one of these is overdue once its deadline has passed. */
export const OPEN_STATUSES: readonly JobStatus[] = Object.values(JobStatus).filter((s) => !CLOSED_STATUSES.includes(s));
