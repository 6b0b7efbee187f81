import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SharingMode } from './sharing.js';

/** How a saved view draws its answer: the Explore chart type and its options. */
export interface ViewChart {
  type: string;
  options: Record<string, unknown>;
}

/** A question (a `POST /api/query` spec) with a chart, saved by its owner and maybe shared. */
@Entity({ name: 'saved_views' })
export class SavedView {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  /** The owner's organisation when saved: "share with my organisation" means this one. */
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'jsonb' })
  query: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  chart: ViewChart;

  @Column({ type: 'text' })
  sharing: SharingMode;

  @Column({ name: 'shared_with', type: 'uuid', array: true, default: () => "'{}'" })
  sharedWith: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
