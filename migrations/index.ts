import { AuditVerifyWorkspace1795339233935 } from './1795339233935-AuditVerifyWorkspace';
import { ReportIndexes1795334025564 } from './1795334025564-ReportIndexes';
import { IdempotencyKeys1795335525125 } from './1795335525125-IdempotencyKeys';
import { AppErrors1795334955218 } from './1795334955218-AppErrors';
import { ApiKeyExpiryAndUse1795334394563 } from './1795334394563-ApiKeyExpiryAndUse';
import { ReadPathIndexes1795325506749 } from './1795325506749-ReadPathIndexes';
import { Projects1795324371233 } from './1795324371233-Projects';
import { Purchasing1795306201640 } from './1795306201640-Purchasing';
import { AuditHistory1795304147684 } from './1795304147684-AuditHistory';
import { Init1795303994670 } from './1795303994670-Init';
/** Every migration, in order. `npm run migration:generate -- <Name>` adds new ones here. */
export const MIGRATIONS: Function[] = [
  Init1795303994670,
  AuditHistory1795304147684,
  Purchasing1795306201640,
  Projects1795324371233,
  ReadPathIndexes1795325506749,
  ReportIndexes1795334025564,
  AppErrors1795334955218,
  IdempotencyKeys1795335525125,
  ApiKeyExpiryAndUse1795334394563,
  AuditVerifyWorkspace1795339233935,
];
