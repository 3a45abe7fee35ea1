import type { Resolvers } from './generated';

/**
 * A domain module's public face, as its `index.ts` exports it and `src/app/modules.ts` lists it:
 * its entities (for the data source), its resolvers (merged into the schema's resolver map) and,
 * optionally, a `setup` that registers its handlers on lower modules' hooks (called once at start).
 */
export interface AppModule {
  name: string;
  entities: Function[];
  resolvers: Resolvers;
  setup?(): void;
}
