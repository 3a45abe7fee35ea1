import type { AppModule } from '../../graphql/module';
import { Staff } from './staff.entity';
import { staffResolvers } from './staff.resolvers';

export { Staff } from './staff.entity';
export { staffLoaders } from './staff.loaders';
export { staffService } from './staff.service';

/** Staff: people who log time, with their rates and reporting lines. Depends on no other module. */
export const staffModule: AppModule = { name: 'staff', entities: [Staff], resolvers: staffResolvers };
