import { IsOptional, IsString } from 'class-validator';
import { CreateContactInput, UpdateContactInput } from '../../kernel/contact';
import { IsText, TrimToNull } from '../../kernel/validation';

/** `createSupplier` input. */
export class CreateSupplierInput extends CreateContactInput {
  @TrimToNull()
  @IsOptional()
  @IsString()
  @IsText(100)
  accountRef?: string | null;
}

/** `updateSupplier` input: only the fields given change. */
export class UpdateSupplierInput extends UpdateContactInput {
  @TrimToNull()
  @IsOptional()
  @IsString()
  @IsText(100)
  accountRef?: string | null;
}
