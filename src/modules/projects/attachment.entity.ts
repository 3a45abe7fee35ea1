import { Check, Column, DeleteDateColumn, Entity, Index } from 'typeorm';
import { Audited } from '../../audit/audited';
import { ProjectPart } from './project-part.entity';

/**
 * A file of a project, as metadata only (the file itself lives in the client's storage under
 * `storageKey`). Removing one is a soft delete (`deletedAt`), undone by `restoreAttachment`.
 */
@Audited('ATTACHMENT')
@Entity({ name: 'project_attachments' })
@Index(['projectId', 'createdAt'])
@Check('CHK_project_attachments_size', '"size" >= 0')
@Check('CHK_project_attachments_checksum', `"checksum" ~ '^[0-9a-f]{64}$'`)
export class Attachment extends ProjectPart {
  @Column({ type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ type: 'varchar', length: 255 })
  contentType!: string;

  /** Bytes; `bigint` comes back from the driver as a string. */
  @Column({ type: 'bigint' })
  size!: string;

  @Column({ type: 'varchar', length: 1024 })
  storageKey!: string;

  /** SHA-256 of the file, 64 lower-case hex digits. */
  @Column({ type: 'char', length: 64 })
  checksum!: string;

  @DeleteDateColumn({ type: 'timestamptz' })
  deletedAt!: Date | null;
}
