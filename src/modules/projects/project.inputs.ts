import { Transform, Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { IfPresent, IsJsonValue, IsText, Trim, TrimToNull } from '../../kernel/validation';

/** Largest value of a metadata entry, as JSON. */
export const META_VALUE_MAX_BYTES = 65_536;

const Lower = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

/** The details of a SCHOOL project. */
export class SchoolDetailsInput {
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'courseName must not be empty' })
  @IsText(200)
  courseName!: string;

  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'courseCode must not be empty' })
  @IsText(50)
  courseCode!: string;

  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'teacherName must not be empty' })
  @IsText(200)
  teacherName!: string;
}

/** The details of a SELF_STUDY project. */
export class SelfStudyDetailsInput {
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'goalDescription must not be empty' })
  @IsText(10_000)
  goalDescription!: string;

  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'studyFrequency must not be empty' })
  @IsText(50)
  studyFrequency!: string;
}

/** School details to change: only the fields given; none can be cleared. */
export class UpdateSchoolDetailsInput {
  @Trim()
  @IfPresent()
  @IsString()
  @IsNotEmpty({ message: 'courseName must not be empty' })
  @IsText(200)
  courseName?: string;

  @Trim()
  @IfPresent()
  @IsString()
  @IsNotEmpty({ message: 'courseCode must not be empty' })
  @IsText(50)
  courseCode?: string;

  @Trim()
  @IfPresent()
  @IsString()
  @IsNotEmpty({ message: 'teacherName must not be empty' })
  @IsText(200)
  teacherName?: string;
}

/** Self-study details to change: only the fields given; none can be cleared. */
export class UpdateSelfStudyDetailsInput {
  @Trim()
  @IfPresent()
  @IsString()
  @IsNotEmpty({ message: 'goalDescription must not be empty' })
  @IsText(10_000)
  goalDescription?: string;

  @Trim()
  @IfPresent()
  @IsString()
  @IsNotEmpty({ message: 'studyFrequency must not be empty' })
  @IsText(50)
  studyFrequency?: string;
}

/** `createProject` input; which of `school` and `selfStudy` is given is checked by `kindOfNewProject`. */
export class CreateProjectInput {
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @IsText(200)
  name!: string;

  @IsUUID('all', { message: 'ownerId must be a staff id' })
  ownerId!: string;

  @IsString({ message: 'startDate is required' })
  startDate!: string;

  @IsString({ message: 'endDate is required' })
  endDate!: string;

  @TrimToNull()
  @IsOptional()
  @IsString()
  @IsText(10_000)
  description?: string | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => SchoolDetailsInput)
  school?: SchoolDetailsInput | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => SelfStudyDetailsInput)
  selfStudy?: SelfStudyDetailsInput | null;
}

/** `updateProject` input: only the fields given change; `description: null` clears it. */
export class UpdateProjectInput {
  @Trim()
  @IfPresent()
  @IsString()
  @IsNotEmpty({ message: 'name must not be empty' })
  @IsText(200)
  name?: string;

  @IfPresent()
  @IsUUID('all', { message: 'ownerId must be a staff id' })
  ownerId?: string;

  @IfPresent()
  @IsString({ message: 'startDate cannot be cleared' })
  startDate?: string;

  @IfPresent()
  @IsString({ message: 'endDate cannot be cleared' })
  endDate?: string;

  @TrimToNull()
  @IsOptional()
  @IsString()
  @IsText(10_000)
  description?: string | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => UpdateSchoolDetailsInput)
  school?: UpdateSchoolDetailsInput | null;

  @IsOptional()
  @ValidateNested()
  @Type(() => UpdateSelfStudyDetailsInput)
  selfStudy?: UpdateSelfStudyDetailsInput | null;
}

/** `deleteProjectMeta` arguments (validated at the top level: path `["key"]`). */
export class ProjectMetaKeyInput {
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'key must not be empty' })
  @IsText(100)
  key!: string;
}

/** `setProjectMeta` arguments (validated at the top level: paths `["key"]`, `["value"]`). */
export class ProjectMetaInput extends ProjectMetaKeyInput {
  @IsJsonValue(META_VALUE_MAX_BYTES)
  value!: unknown;
}

/** `addImportantDate` input. */
export class ImportantDateInput {
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'title must not be empty' })
  @IsText(200)
  title!: string;

  @IsString({ message: 'date is required' })
  date!: string;

  @TrimToNull()
  @IsOptional()
  @IsString()
  @IsText(10_000)
  note?: string | null;
}

/** `addAttachment` input: the file's metadata. */
export class AttachmentInput {
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'fileName must not be empty' })
  @IsText(255)
  fileName!: string;

  @Lower()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;.*)?$/, { message: 'contentType must be a media type such as "application/pdf"' })
  @IsText(255)
  contentType!: string;

  @IsInt({ message: 'size must be a whole number of bytes' })
  @Min(0, { message: 'size must be 0 or more' })
  @Max(Number.MAX_SAFE_INTEGER)
  size!: number;

  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'storageKey must not be empty' })
  @IsText(1024)
  storageKey!: string;

  @Lower()
  @IsString()
  @Matches(/^[0-9a-f]{64}$/, { message: 'checksum must be a SHA-256 digest: 64 hexadecimal digits' })
  checksum!: string;
}
