import { CreateDateColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Columns every table has: a UUID id (`gen_random_uuid()`) and creation/update times. */
export abstract class BaseRow {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** clock_timestamp(), not now(): rows created in one transaction keep the order they were created in. */
  @CreateDateColumn({ type: 'timestamptz', default: () => 'clock_timestamp()' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
