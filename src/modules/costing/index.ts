import type { AppModule } from '../../graphql/module';
import { jobEvents } from '../jobs';
import { CostLine } from './cost-line.entity';
import { CostSet } from './cost-set.entity';
import { costingResolvers } from './costing.resolvers';
import { costingService } from './costing.service';

export { CostLineKind, CostSetKind } from './cost-kinds';
export { CostLine } from './cost-line.entity';
export type { CostLineDraft } from './cost-line.rules';
export { CostSet } from './cost-set.entity';
export { costingLoaders } from './costing.loaders';
export { costingService, type LineChange } from './costing.service';

/**
 * Costing: cost sets (estimate, quote, actual revisions) and their lines. Depends on jobs and staff;
 * gives every new job its first cost sets and refuses to delete a job with actual costs (jobs' hooks).
 */
export const costingModule: AppModule = {
  name: 'costing',
  entities: [CostSet, CostLine],
  resolvers: costingResolvers,
  setup() {
    jobEvents.created.register('costing', (ctx, job) => costingService.createFirstCostSets(ctx, job));
    jobEvents.deleting.register('costing', (ctx, job) => costingService.assertNoActualCosts(ctx, job));
  },
};
