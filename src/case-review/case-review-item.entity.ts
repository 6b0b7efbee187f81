import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A recommendation of the review, or an action with an owner agency and a due date. */
@Entity({ name: 'case_review_items' })
export class CaseReviewItem {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'case_review_id', type: 'uuid' })
  caseReviewId: string;

  @Column({ type: 'text' })
  kind: 'recommendation' | 'action';

  @Column({ type: 'text' })
  text: string;

  @Column({ name: 'owner_organisation_id', type: 'uuid', nullable: true })
  ownerOrganisationId: string | null;

  @Column({ name: 'due_on', type: 'date', nullable: true })
  dueOn: string | null;

  @Column({ name: 'done_on', type: 'date', nullable: true })
  doneOn: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
