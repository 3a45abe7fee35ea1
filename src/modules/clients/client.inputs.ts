import { IsOptional, IsString } from 'class-validator';
import { CreateContactInput, UpdateContactInput } from '../../kernel/contact';
import { IsText, TrimToNull } from '../../kernel/validation';

/** `createClient` input. */
export class CreateClientInput extends CreateContactInput {
  @TrimToNull()
  @IsOptional()
  @IsString()
  @IsText(10_000)
  notes?: string | null;
}

/** `updateClient` input: only the fields given change. */
export class UpdateClientInput extends UpdateContactInput {
  @TrimToNull()
  @IsOptional()
  @IsString()
  @IsText(10_000)
  notes?: string | null;
}
