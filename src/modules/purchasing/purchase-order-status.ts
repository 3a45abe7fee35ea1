/** Where a purchase order is in its life. */
export enum PurchaseOrderStatus {
  DRAFT = 'DRAFT',
  SUBMITTED = 'SUBMITTED',
  PARTIALLY_RECEIVED = 'PARTIALLY_RECEIVED',
  RECEIVED = 'RECEIVED',
  CANCELLED = 'CANCELLED',
}

/** Statuses in which goods can be received. */
export const RECEIVABLE: readonly PurchaseOrderStatus[] = [PurchaseOrderStatus.SUBMITTED, PurchaseOrderStatus.PARTIALLY_RECEIVED];

/** Statuses from which an order can be cancelled. */
export const CANCELLABLE: readonly PurchaseOrderStatus[] = [PurchaseOrderStatus.DRAFT, PurchaseOrderStatus.SUBMITTED];
