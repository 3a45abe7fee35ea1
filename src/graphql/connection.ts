import { badUserInput } from './errors';

/** A Relay connection; `totalCount` is a getter that runs its COUNT only when the field is selected. */
export interface Connection<T> {
  edges: Array<{ cursor: string; node: T }>;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  readonly totalCount: Promise<number>;
}

/** Arguments common to every connection field. */
export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** Checks `first` (default 20, 0–100). */
export function pageSize(first: number | null | undefined): number {
  if (first == null) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw badUserInput(`first must be between 0 and ${MAX_PAGE_SIZE} (got ${first})`, 'first');
  }
  return first;
}

/**
 * The one connection builder: `edges` are up to `first + 1` rows in order, each with its cursor
 * (the extra row only tells that there is a next page). `totalCount` runs at most once.
 */
export function connection<T>(edges: Array<{ cursor: string; node: T }>, first: number, hasPreviousPage: boolean, count: () => Promise<number>): Connection<T> {
  const page = edges.slice(0, first);
  let total: Promise<number> | undefined;
  return {
    edges: page,
    nodes: page.map((e) => e.node),
    pageInfo: {
      hasNextPage: edges.length > first,
      hasPreviousPage,
      startCursor: page[0]?.cursor ?? null,
      endCursor: page.at(-1)?.cursor ?? null,
    },
    get totalCount() {
      return (total ??= count());
    },
  };
}
