import { IsEmail, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IfPresent, Trim, TrimToNull } from '../../graphql/validation';

/** `createClient` input. */
export class CreateClientInput {
  @Trim() @IsString() @IsNotEmpty({ message: 'name must not be empty' }) @MaxLength(200)
  name!: string;

  @TrimToNull() @IsOptional() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(320)
  email?: string | null;

  @TrimToNull() @IsOptional() @IsString() @MaxLength(50)
  phone?: string | null;

  @TrimToNull() @IsOptional() @IsString() @MaxLength(10_000)
  notes?: string | null;
}

/** `updateClient` input: only the fields given change. */
export class UpdateClientInput {
  @Trim() @IfPresent() @IsString() @IsNotEmpty({ message: 'name must not be empty' }) @MaxLength(200)
  name?: string;

  @TrimToNull() @IsOptional() @IsEmail({}, { message: 'email must be an email address' }) @MaxLength(320)
  email?: string | null;

  @TrimToNull() @IsOptional() @IsString() @MaxLength(50)
  phone?: string | null;

  @TrimToNull() @IsOptional() @IsString() @MaxLength(10_000)
  notes?: string | null;
}
