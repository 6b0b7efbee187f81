import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One IMB board pack PDF, prepared for one reader (its figures are under that reader's access). */
@Entity({ name: 'board_packs' })
export class BoardPack {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The quarter it reports on, like 2026-Q3. */
  @Column({ type: 'text' })
  quarter: string;

  @Column({ name: 'prepared_for', type: 'uuid' })
  preparedFor: string;

  /** Who asked for it; null for the quarterly schedule. */
  @Column({ name: 'requested_by', type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({ type: 'text' })
  trigger: 'on_demand' | 'schedule';

  @Column({ type: 'bytea', select: false })
  pdf: Buffer;

  @Column({ type: 'integer' })
  pages: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
