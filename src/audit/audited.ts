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

const registry = new Map<Function, AuditEntityType>();

/**
 * Marks an entity as audited: every write to its table is recorded in `<table>_history` with
 * who, when, why and what changed. Nothing else is needed per entity.
 */
export function Audited(entityType: AuditEntityType): ClassDecorator {
  return (target) => {
    registry.set(target, entityType);
  };
}

/** The audit entity type of an entity class, or undefined when it is not audited. */
export function auditEntityType(target: unknown): AuditEntityType | undefined {
  return typeof target === 'function' ? registry.get(target) : undefined;
}

/** Every audited entity class, with its entity type. */
export function auditedEntities(): Array<[Function, AuditEntityType]> {
  return [...registry.entries()];
}
