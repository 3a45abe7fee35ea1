import type { RequestContext } from '../../graphql/context';
import { Hook } from '../../kernel/hooks';
import type { Job } from './job.entity';

/**
 * What the jobs module lets later modules add to a job's life without importing them: costing
 * gives a new job its first cost sets, and refuses to delete a job with actual costs.
 */
export const jobEvents = {
  /** After a job is created, in its transaction. */
  created: new Hook<[RequestContext, Job]>(),
  /** Before a job is (soft-)deleted, in its transaction; a handler throws a user error to refuse. */
  deleting: new Hook<[RequestContext, Job]>(),
};
