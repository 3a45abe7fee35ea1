/** The one kind a project has, for life: it decides which details table holds its kind-specific fields. */
export enum ProjectKind {
  SCHOOL = 'SCHOOL',
  SELF_STUDY = 'SELF_STUDY',
}
