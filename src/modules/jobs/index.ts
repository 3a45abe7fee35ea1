import type { AppModule } from '../../graphql/module';
import { Job } from './job.entity';
import { jobResolvers } from './job.resolvers';

export { Job } from './job.entity';
export { jobEvents } from './job.events';
export { jobLoaders } from './job.loaders';
export { jobService } from './job.service';
export { CLOSED_STATUSES, OPEN_STATUSES, JobStatus, JobPriority } from './job-status';

/** Jobs: work for clients, its status machine and delete rules. Depends on clients and staff. */
export const jobsModule: AppModule = { name: 'jobs', entities: [Job], resolvers: jobResolvers };
