import { IsBoolean, IsEmail, IsNotEmpty, IsOptional, IsString, IsUUID } from 'class-validator';
import { IfPresent, IsText, IsDecimalString, Trim } from '../../kernel/validation';
import { Transform } from 'class-transformer';

const LowerTrim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

/** `createStaff` input. */
export class CreateStaffInput {
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @IsText(200)
  name!: string;

  @LowerTrim()
  @IsEmail({}, { message: 'email must be an email address' })
  @IsText(320)
  email!: string;

  @IsDecimalString(12, 2, 'nonNegative')
  wageRate!: string;

  @IsDecimalString(12, 2, 'nonNegative')
  chargeOutRate!: string;

  @IsOptional()
  @IsUUID('all', { message: 'managerId must be a staff id' })
  managerId?: string | null;
}

/** `updateStaff` input: only the fields given change; `managerId: null` removes the manager. */
export class UpdateStaffInput {
  @Trim()
  @IfPresent()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @IsText(200)
  name?: string;

  @LowerTrim()
  @IfPresent()
  @IsEmail({}, { message: 'email must be an email address' })
  @IsText(320)
  email?: string;

  @IfPresent()
  @IsDecimalString(12, 2, 'nonNegative')
  wageRate?: string;

  @IfPresent()
  @IsDecimalString(12, 2, 'nonNegative')
  chargeOutRate?: string;

  @IsOptional()
  @IsUUID('all', { message: 'managerId must be a staff id' })
  managerId?: string | null;

  @IfPresent()
  @IsBoolean()
  active?: boolean;
}
