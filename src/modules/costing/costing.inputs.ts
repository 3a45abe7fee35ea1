import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { IfPresent, IsText, IsDecimalString, IsJsonObject, Trim } from '../../kernel/validation';
import { CostLineKind, CostSetKind } from './cost-kinds';

/** A cost line to add (`addCostLine`, or `lines` of `createCostSet`). Kind-specific rules live in cost-line.rules.ts. */
export class CostLineInput {
  @IsEnum(CostLineKind)
  kind!: CostLineKind;

  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'description must not be empty' })
  @IsText(500)
  description!: string;

  @IsDecimalString(12, 3)
  quantity!: string;

  @IsOptional()
  @IsDecimalString(12, 2, 'nonNegative')
  unitCost?: string | null;

  @IsOptional()
  @IsDecimalString(12, 2, 'nonNegative')
  unitRev?: string | null;

  @IsOptional()
  @IsString()
  accountingDate?: string | null;

  @IsOptional()
  @IsUUID('all', { message: 'staffId must be a staff id' })
  staffId?: string | null;

  @IsOptional()
  @IsJsonObject()
  extRefs?: Record<string, unknown> | null;

  @IsOptional()
  @IsJsonObject()
  meta?: Record<string, unknown> | null;
}

/** `updateCostLine` input: only the fields given change. */
export class UpdateCostLineInput {
  @Trim()
  @IfPresent()
  @IsString()
  @IsNotEmpty({ message: 'description must not be empty' })
  @IsText(500)
  description?: string;

  @IfPresent()
  @IsDecimalString(12, 3)
  quantity?: string;

  @IfPresent()
  @IsDecimalString(12, 2, 'nonNegative')
  unitCost?: string;

  @IfPresent()
  @IsDecimalString(12, 2, 'nonNegative')
  unitRev?: string;

  @IfPresent()
  @IsString()
  accountingDate?: string;

  @IsOptional()
  @IsUUID('all', { message: 'staffId must be a staff id' })
  staffId?: string | null;

  @IfPresent()
  @IsJsonObject()
  extRefs?: Record<string, unknown>;

  @IfPresent()
  @IsJsonObject()
  meta?: Record<string, unknown>;
}

/** `createCostSet` input. */
export class CreateCostSetInput {
  @IsUUID('all', { message: 'jobId must be a job id' })
  jobId!: string;

  @IsEnum(CostSetKind)
  kind!: CostSetKind;

  @IsOptional()
  @IsUUID('all', { message: 'copyFromId must be a cost set id' })
  copyFromId?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => CostLineInput)
  lines?: CostLineInput[] | null;
}
