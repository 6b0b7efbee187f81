import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { SharingMode } from './sharing.js';

/** Grid widths a tile can take, in quarters of the page width. */
export const TILE_WIDTHS = [1, 2, 3, 4] as const;
export type TileWidth = (typeof TILE_WIDTHS)[number];

/** One tile of a dashboard: a saved view and how much of the grid it takes. */
export interface DashboardTile {
  viewId: string;
  width: TileWidth;
}

/** An ordered grid of saved views, owned and shared like a view. */
@Entity({ name: 'dashboards' })
export class Dashboard {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'owner_id', type: 'uuid' })
  ownerId: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'jsonb' })
  layout: DashboardTile[];

  /** The view ids in `layout`, kept alongside so "which dashboards show this view" is an indexed look-up. */
  @Column({ name: 'view_ids', type: 'uuid', array: true, default: () => "'{}'" })
  viewIds: string[];

  @Column({ type: 'text' })
  sharing: SharingMode;

  @Column({ name: 'shared_with', type: 'uuid', array: true, default: () => "'{}'" })
  sharedWith: string[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
