import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A person taking part in a case review for their agency: the chair or a member. */
@Entity({ name: 'case_review_members' })
export class CaseReviewMember {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'case_review_id', type: 'uuid' })
  caseReviewId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ type: 'text' })
  role: 'chair' | 'member';

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;
}
