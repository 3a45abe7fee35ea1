import type { AppModule, ModuleRuntime, Running } from '../graphql/module';
import { clientsModule } from '../modules/clients';
import { costingModule } from '../modules/costing';
import { jobsModule } from '../modules/jobs';
import { projectsModule } from '../modules/projects';
import { purchasingModule } from '../modules/purchasing';
import { reportingModule } from '../modules/reporting';
import { staffModule } from '../modules/staff';
import { stockModule } from '../modules/stock';

/**
 * Every domain module, lower ones first (each depends only on modules above it in this list).
 * Adding a module: its folder with an `index.ts` exporting an {@link AppModule}, one line here, a migration.
 */
export const MODULES: readonly AppModule[] = [clientsModule, staffModule, jobsModule, costingModule, stockModule, purchasingModule, projectsModule, reportingModule];

/** Registers every module's hook handlers on the modules below it (idempotent). */
export function setupModules(): void {
  for (const module of MODULES) module.setup?.();
}

/** Starts every module's background work; `stop()` stops all of it (waiting for work in progress). */
export function startModules(runtime: ModuleRuntime): Running {
  const running = MODULES.flatMap((m) => (m.start ? [m.start(runtime)] : []));
  return { stop: async () => void (await Promise.all(running.map((r) => r.stop()))) };
}
