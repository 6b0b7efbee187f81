import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

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
}
