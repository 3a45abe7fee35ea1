import { IsOptional, IsString, IsUUID } from 'class-validator';
import { IsDecimalString } from '../../kernel/validation';

/** `consumeStock` arguments. */
export class ConsumeStockInput {
  @IsUUID('all', { message: 'jobId must be a job id' })
  jobId!: string;

  @IsUUID('all', { message: 'stockItemId must be a stock item id' })
  stockItemId!: string;

  @IsDecimalString(12, 3, 'positive')
  quantity!: string;

  @IsOptional()
  @IsString()
  accountingDate?: string | null;
}

/** `returnStock` arguments. */
export class ReturnStockInput {
  @IsDecimalString(12, 3, 'positive')
  quantity!: string;
}
