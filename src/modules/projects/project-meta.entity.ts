import { Column, Entity, Index } from 'typeorm';
import { Audited } from '../../audit/audited';
import { ProjectPart } from './project-part.entity';

/** Free-form data of a project under a key (a syllabus, links, settings): any JSON value, GIN-indexed for containment filters. */
@Audited('PROJECT_META')
@Entity({ name: 'project_meta' })
@Index(['projectId', 'key'], { unique: true })
@Index('IDX_project_meta_value', ['value'], { type: 'gin' })
export class ProjectMeta extends ProjectPart {
  @Column({ type: 'varchar', length: 100 })
  key!: string;

  @Column({ type: 'jsonb' })
  value!: unknown;
}
