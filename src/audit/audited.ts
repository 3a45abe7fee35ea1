/** The kinds of audited record, as named in the API (`AuditEntityType`). */
export type AuditEntityType =
  | 'CLIENT'
  | 'STAFF'
  | 'JOB'
  | 'COST_SET'
  | 'COST_LINE'
  | 'SUPPLIER'
  | 'PURCHASE_ORDER'
  | 'PURCHASE_ORDER_LINE'
  | 'STOCK_ITEM';

/** Options of {@link Audited}. */
export interface AuditedOptions {
  /**
   * The property holding the parent's id (e.g. `jobId` of a cost set), when history is read by
   * parent (rebuilding a parent's children as they stood at a moment): its history table gets an
   * index on `(workspace_id, <parent column>)`.
   */
  parentKey?: string;
}

const registry = new Map<Function, { entityType: AuditEntityType; options: AuditedOptions }>();

/**
 * Marks an entity as audited: every write to its table is recorded in `<table>_history` with
 * who, when, why and what changed. Nothing else is needed per entity.
 */
export function Audited(entityType: AuditEntityType, options: AuditedOptions = {}): ClassDecorator {
  return (target) => {
    registry.set(target, { entityType, options });
  };
}

/** The audit entity type of an entity class, or undefined when it is not audited. */
export function auditEntityType(target: unknown): AuditEntityType | undefined {
  return typeof target === 'function' ? registry.get(target)?.entityType : undefined;
}

/** The options an entity class was marked audited with. */
export function auditedOptions(target: Function): AuditedOptions {
  return registry.get(target)?.options ?? {};
}

/** Every audited entity class, with its entity type. */
export function auditedEntities(): Array<[Function, AuditEntityType]> {
  return [...registry.entries()].map(([target, { entityType }]) => [target, entityType]);
}
