/** The three kinds of cost set a job has, each with its own revisions. */
export enum CostSetKind {
  ESTIMATE = 'ESTIMATE',
  QUOTE = 'QUOTE',
  ACTUAL = 'ACTUAL',
}

export enum CostLineKind {
  TIME = 'TIME',
  MATERIAL = 'MATERIAL',
  ADJUSTMENT = 'ADJUSTMENT',
}
