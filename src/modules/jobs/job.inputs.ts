import { IsEnum, IsNotEmpty, IsOptional, IsString, IsUUID } from 'class-validator';
import { IfPresent, IsText, Trim, TrimToNull } from '../../kernel/validation';
import { JobPriority } from './job-status';

/** `createJob` input. */
export class CreateJobInput {
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @IsText(200)
  name!: string;

  @TrimToNull()
  @IsOptional()
  @IsString()
  @IsText(10_000)
  description?: string | null;

  @IsUUID('all', { message: 'clientId must be a client id' })
  clientId!: string;

  @IsOptional()
  @IsEnum(JobPriority)
  priority?: JobPriority | null;

  @IsOptional()
  @IsString()
  deadline?: string | null;

  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a staff id' })
  assigneeId?: string | null;
}

/** `updateJob` input: only the fields given change; `null` clears description, deadline or assignee. */
export class UpdateJobInput {
  @Trim()
  @IfPresent()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @IsText(200)
  name?: string;

  @TrimToNull()
  @IsOptional()
  @IsString()
  @IsText(10_000)
  description?: string | null;

  @IfPresent()
  @IsUUID('all', { message: 'clientId must be a client id' })
  clientId?: string;

  @IfPresent()
  @IsEnum(JobPriority)
  priority?: JobPriority;

  @IsOptional()
  @IsString()
  deadline?: string | null;

  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a staff id' })
  assigneeId?: string | null;
}
