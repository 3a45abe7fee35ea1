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
  | 'STOCK_ITEM'
  | 'PROJECT'
  | 'SCHOOL_PROJECT_DETAILS'
  | 'SELF_STUDY_PROJECT_DETAILS'
  | 'PROJECT_META'
  | 'IMPORTANT_DATE'
  | 'ATTACHMENT';

/** How an audited entity shows in the API, and how its history is read. */
export interface AuditedOptions {
  /**
   * The GraphQL object types whose `history` field reads this entity's history. Default: the type
   * named like the entity class. Give several when one table backs several types (the implementations
   * of an interface), none when the rows have no type of their own (their history is read with the
   * top-level `history(entityType:, entityId:)`).
   */
  graphqlTypes?: readonly string[];
  /**
   * The property holding the parent's id (e.g. `jobId` of a cost set), when history is read by
   * parent (rebuilding a parent's children as they stood at a moment): its history table gets an
   * index on `(workspace_id, <parent column>)`.
   */
  parentKey?: string;
}

interface Registration {
  entityType: AuditEntityType;
  graphqlTypes: readonly string[];
  parentKey?: string;
}

const registry = new Map<Function, Registration>();

/**
 * Marks an entity as audited: every write to its table is recorded in `<table>_history` with
 * who, when, why and what changed. Nothing else is needed per entity.
 */
export function Audited(entityType: AuditEntityType, options: AuditedOptions = {}): ClassDecorator {
  return (target) => {
    registry.set(target, { entityType, graphqlTypes: options.graphqlTypes ?? [target.name], parentKey: options.parentKey });
  };
}

/** The audit entity type of an entity class, or undefined when it is not audited. */
export function auditEntityType(target: unknown): AuditEntityType | undefined {
  return typeof target === 'function' ? registry.get(target)?.entityType : undefined;
}

/** The parent key an entity class was marked audited with (see {@link AuditedOptions.parentKey}). */
export function auditedParentKey(target: Function): string | undefined {
  return registry.get(target)?.parentKey;
}

/** Every audited entity class, with its entity type. */
export function auditedEntities(): Array<[Function, AuditEntityType]> {
  return [...registry.entries()].map(([target, r]) => [target, r.entityType]);
}

/** The GraphQL object types that show each entity type's history (see {@link AuditedOptions.graphqlTypes}). */
export function historyGraphqlTypes(): Array<[graphqlType: string, entityType: AuditEntityType]> {
  return [...registry.values()].flatMap((r) => r.graphqlTypes.map((t): [string, AuditEntityType] => [t, r.entityType]));
}
