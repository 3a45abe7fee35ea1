import { IsEmail, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { IfPresent, IsText, Trim, TrimToNull } from '../../graphql/validation';

/** `createClient` input. */
export class CreateClientInput {
  @Trim() @IsString() @IsNotEmpty({ message: 'name must not be empty' }) @IsText(200)
  name!: string;

  @TrimToNull() @IsOptional() @IsEmail({}, { message: 'email must be an email address' }) @IsText(320)
  email?: string | null;

  @TrimToNull() @IsOptional() @IsString() @IsText(50)
  phone?: string | null;

  @TrimToNull() @IsOptional() @IsString() @IsText(10_000)
  notes?: string | null;
}

/** `updateClient` input: only the fields given change. */
export class UpdateClientInput {
  @Trim() @IfPresent() @IsString() @IsNotEmpty({ message: 'name must not be empty' }) @IsText(200)
  name?: string;

  @TrimToNull() @IsOptional() @IsEmail({}, { message: 'email must be an email address' }) @IsText(320)
  email?: string | null;

  @TrimToNull() @IsOptional() @IsString() @IsText(50)
  phone?: string | null;

  @TrimToNull() @IsOptional() @IsString() @IsText(10_000)
  notes?: string | null;
}
