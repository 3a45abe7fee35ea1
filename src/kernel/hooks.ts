/**
 * An extension point of a lower module that higher modules register handlers on, so the lower one
 * can run their rules without importing them (jobs runs costing's "create the first cost sets"
 * when a job is created). Handlers are keyed by name: registering again replaces, never doubles.
 */
export class Hook<Args extends unknown[]> {
  private readonly handlers = new Map<string, (...args: Args) => Promise<void>>();

  /** Adds (or replaces) the handler called `name`. */
  register(name: string, handler: (...args: Args) => Promise<void>): void {
    this.handlers.set(name, handler);
  }

  /** Runs every handler in registration order; the first that throws stops the rest. */
  async run(...args: Args): Promise<void> {
    for (const handler of this.handlers.values()) await handler(...args);
  }
}
