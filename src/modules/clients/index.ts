import type { AppModule } from '../../graphql/module';
import { Client } from './client.entity';
import { clientResolvers } from './client.resolvers';

export { Client } from './client.entity';
export { clientLoaders } from './client.loaders';
export { clientService } from './client.service';

/** Clients: the customers jobs are done for. Depends on no other module. */
export const clientsModule: AppModule = { name: 'clients', entities: [Client], resolvers: clientResolvers };
