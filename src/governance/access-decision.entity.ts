import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AccessLevel } from '../access/access-level.js';

/** The capacity in which someone decides: the dataset owner's data owner, or the IMB. */
export type ApproverCapacity = 'data_owner' | 'imb';

/** One approver's approval or refusal of a request, with their note. */
@Entity({ name: 'access_request_decisions' })
export class AccessDecision {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ name: 'decider_id', type: 'uuid' })
  deciderId: string;

  @Column({ name: 'decider_email', type: 'text' })
  deciderEmail: string;

  @Column({ type: 'text' })
  capacity: ApproverCapacity;

  @Column({ type: 'text' })
  outcome: 'approved' | 'refused';

  @Column({ type: 'text', default: '' })
  note: string;

  @Column({ name: 'decided_at', type: 'timestamptz' })
  decidedAt: Date;

  /** A partial approval's lower level; null: as asked (or as the earlier approval gave). */
  @Column({ name: 'granted_level', type: 'text', nullable: true })
  grantedLevel: AccessLevel | null;

  /** A partial approval's fewer areas; null: as asked. */
  @Column({ name: 'granted_areas', type: 'text', array: true, nullable: true })
  grantedAreas: string[] | null;

  /** A partial approval's earlier end; null: as asked. */
  @Column({ name: 'granted_until', type: 'timestamptz', nullable: true })
  grantedUntil: Date | null;
}
