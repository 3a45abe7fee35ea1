import type { AppModule } from '../../graphql/module';
import { reportingResolvers } from './reporting.resolvers';

export { reportingService } from './reporting.service';

/**
 * Reporting: the dashboard and workload reports, aggregate statements over jobs, cost sets and lines,
 * cached per workspace until its next committed mutation. Depends on jobs, clients and staff; no tables.
 */
export const reportingModule: AppModule = { name: 'reporting', entities: [], resolvers: reportingResolvers };
