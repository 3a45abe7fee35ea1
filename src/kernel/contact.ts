import { IsEmail, IsNotEmpty, IsOptional, IsString } from 'class-validator';
import { IfPresent, IsText, Trim, TrimToNull } from './validation';

/** The contact fields of a create input (clients, suppliers). */
export class CreateContactInput {
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @IsText(200)
  name!: string;

  @TrimToNull()
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @IsText(320)
  email?: string | null;

  @TrimToNull()
  @IsOptional()
  @IsString()
  @IsText(50)
  phone?: string | null;
}

/** The contact fields of an update input: only the fields given change; the name cannot be cleared. */
export class UpdateContactInput {
  @Trim()
  @IfPresent()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @IsText(200)
  name?: string;

  @TrimToNull()
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address' })
  @IsText(320)
  email?: string | null;

  @TrimToNull()
  @IsOptional()
  @IsString()
  @IsText(50)
  phone?: string | null;
}
