import { Column, Entity, Index } from 'typeorm';
import { Audited } from '../../audit/audited';
import { ProjectPart } from './project-part.entity';

/** A date that matters to a project: an exam, a deadline, a lesson. */
@Audited('IMPORTANT_DATE')
@Entity({ name: 'project_important_dates' })
@Index(['projectId', 'date'])
export class ImportantDate extends ProjectPart {
  @Column({ type: 'varchar', length: 200 })
  title!: string;

  @Column({ type: 'date' })
  date!: string;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}
