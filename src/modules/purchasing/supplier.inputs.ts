import { IsEmail, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { IfPresent, IsText, Trim, TrimToNull } from '../../graphql/validation';

/** `createSupplier` input. */
export class CreateSupplierInput {
  @Trim() @IsString() @IsNotEmpty({ message: 'name must not be empty' }) @IsText(200)
  name!: string;

  @TrimToNull() @IsOptional() @IsEmail({}, { message: 'email must be an email address' }) @IsText(320)
  email?: string | null;

  @TrimToNull() @IsOptional() @IsString() @IsText(50)
  phone?: string | null;

  @TrimToNull() @IsOptional() @IsString() @IsText(100)
  accountRef?: string | null;
}

/** `updateSupplier` input: only the fields given change. */
export class UpdateSupplierInput {
  @Trim() @IfPresent() @IsString() @IsNotEmpty({ message: 'name must not be empty' }) @IsText(200)
  name?: string;

  @TrimToNull() @IsOptional() @IsEmail({}, { message: 'email must be an email address' }) @IsText(320)
  email?: string | null;

  @TrimToNull() @IsOptional() @IsString() @IsText(50)
  phone?: string | null;

  @TrimToNull() @IsOptional() @IsString() @IsText(100)
  accountRef?: string | null;
}
