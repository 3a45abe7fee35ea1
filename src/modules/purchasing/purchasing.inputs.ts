import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsNotEmpty, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { IfPresent, IsDecimalString, IsText, Trim, TrimToNull } from '../../kernel/validation';

/** A purchase-order line to add. */
export class PurchaseOrderLineInput {
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'description must not be empty' })
  @IsText(500)
  description!: string;

  @TrimToNull()
  @IsOptional()
  @IsString()
  @IsText(100)
  itemCode?: string | null;

  @IsDecimalString(12, 3, 'positive')
  quantityOrdered!: string;

  @IsDecimalString(12, 2, 'nonNegative')
  unitCost!: string;

  @IsOptional()
  @IsUUID('all', { message: 'jobId must be a job id' })
  jobId?: string | null;
}

/** `updatePurchaseOrderLine` input: only the fields given change. */
export class UpdatePurchaseOrderLineInput {
  @Trim()
  @IfPresent()
  @IsString()
  @IsNotEmpty({ message: 'description must not be empty' })
  @IsText(500)
  description?: string;

  @TrimToNull()
  @IsOptional()
  @IsString()
  @IsText(100)
  itemCode?: string | null;

  @IfPresent()
  @IsDecimalString(12, 3, 'positive')
  quantityOrdered?: string;

  @IfPresent()
  @IsDecimalString(12, 2, 'nonNegative')
  unitCost?: string;

  @IsOptional()
  @IsUUID('all', { message: 'jobId must be a job id' })
  jobId?: string | null;
}

/** `createPurchaseOrder` input. */
export class CreatePurchaseOrderInput {
  @IsUUID('all', { message: 'supplierId must be a supplier id' })
  supplierId!: string;

  @IsOptional()
  @IsString()
  orderDate?: string | null;

  @IsOptional()
  @IsString()
  expectedDate?: string | null;

  @TrimToNull()
  @IsOptional()
  @IsString()
  @IsText(100)
  reference?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => PurchaseOrderLineInput)
  lines?: PurchaseOrderLineInput[] | null;
}

/** `updatePurchaseOrder` input: only the fields given change. */
export class UpdatePurchaseOrderInput {
  @IfPresent()
  @IsUUID('all', { message: 'supplierId must be a supplier id' })
  supplierId?: string;

  @IfPresent()
  @IsString()
  orderDate?: string;

  @IsOptional()
  @IsString()
  expectedDate?: string | null;

  @TrimToNull()
  @IsOptional()
  @IsString()
  @IsText(100)
  reference?: string | null;
}

/** One line of a receipt. */
export class ReceiveLineInput {
  @IsUUID('all', { message: 'lineId must be a purchase-order line id' })
  lineId!: string;

  @IsDecimalString(12, 3, 'positive')
  quantity!: string;
}

/** `receivePurchaseOrder` arguments. */
export class ReceiveInput {
  @IsArray()
  @ArrayMinSize(1, { message: 'lines must contain at least one line' })
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ReceiveLineInput)
  lines!: ReceiveLineInput[];
}
