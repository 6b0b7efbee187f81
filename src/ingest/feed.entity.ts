import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { FeedMapping } from '../../etl/mapping.js';
import type { AdapterName, LoadPolicy } from './load-policy.js';

/** A dataset's source: how its files are read (adapter, mapping) and published (policy). */
@Entity({ name: 'feeds' })
export class Feed {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text', unique: true })
  slug: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId: string;

  @Column({ type: 'text' })
  adapter: AdapterName;

  /** Column mapping for `delimited` and `xlsx`; null for police.uk adapters. */
  @Column({ type: 'jsonb', nullable: true })
  mapping: FeedMapping | null;

  @Column({ type: 'text' })
  policy: LoadPolicy;

  /** Folder watched for files to load, with `done/` and `failed/` beside them. */
  @Column({ name: 'inbox_dir', type: 'text', nullable: true })
  inboxDir: string | null;

  /** Cron expression for checking the inbox. */
  @Column({ type: 'text', nullable: true })
  schedule: string | null;

  /** Expected delivery: `monthly` (by day `expectedByDay` of the month) or `weekly` (by day 1–7 of the week); null = no expectation. */
  @Column({ name: 'expected_every', type: 'text', nullable: true })
  expectedEvery: 'weekly' | 'monthly' | null;

  @Column({ name: 'expected_by_day', type: 'integer', nullable: true })
  expectedByDay: number | null;

  /** Every load of this feed (uploads and inbox alike) stops for a preview before publishing. */
  @Column({ name: 'preview_before_publish', type: 'boolean', default: false })
  previewBeforePublish: boolean;

  /** Built-in feeds exist on every database and cannot be deleted. */
  @Column({ type: 'boolean', default: false })
  builtin: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
