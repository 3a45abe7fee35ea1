import { historySchemas } from '../audit/history.schema';
import { ApiKey } from '../auth/api-key.entity';
import { Workspace } from '../auth/workspace.entity';
import { Client } from '../modules/clients/client.entity';
import { CostLine } from '../modules/costing/cost-line.entity';
import { CostSet } from '../modules/costing/cost-set.entity';
import { Job } from '../modules/jobs/job.entity';
import { PurchaseOrderLine } from '../modules/purchasing/purchase-order-line.entity';
import { PurchaseOrder } from '../modules/purchasing/purchase-order.entity';
import { Supplier } from '../modules/purchasing/supplier.entity';
import { Staff } from '../modules/staff/staff.entity';
import { StockItem } from '../modules/stock/stock-item.entity';
import { WorkspaceCounter } from './counter.entity';

/** Every entity the data source maps. */
export const ENTITIES = [Workspace, ApiKey, WorkspaceCounter, Client, Staff, Job, CostSet, CostLine, Supplier, PurchaseOrder, PurchaseOrderLine, StockItem];

/** The history table of every audited entity, derived from the entities' metadata. */
export const HISTORY_ENTITIES = historySchemas();
