import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AccessLevel } from './access-level.js';

/** One approval recorded against a grant by the governance workflow. */
export interface GrantApproval {
  userId: string;
  email: string;
  at: string;
  note?: string;
}

/**
 * Permission for an organisation, a user, or one user of an organisation to use a dataset at a
 * level, in a set of areas, for a period. Created by administrators here and by the governance
 * workflow later; never deleted, only revoked, so that the history of access stays readable.
 */
@Entity({ name: 'access_grants' })
export class Grant {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId: string;

  /** Every user of this organisation, or (with granteeUserId) that user only while in it. */
  @Column({ name: 'grantee_organisation_id', type: 'uuid', nullable: true })
  granteeOrganisationId: string | null;

  @Column({ name: 'grantee_user_id', type: 'uuid', nullable: true })
  granteeUserId: string | null;

  @Column({ type: 'text' })
  level: AccessLevel;

  /** ONS codes of the districts and unitaries whose rows the grant covers. */
  @Column({ type: 'text', array: true })
  areas: string[];

  @Column({ type: 'text', default: '' })
  purpose: string;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'revoked_reason', type: 'text', nullable: true })
  revokedReason: string | null;

  @Column({ name: 'revoked_by', type: 'uuid', nullable: true })
  revokedBy: string | null;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  /** Set by the governance workflow (issue 5); null for grants made directly by an administrator. */
  @Column({ type: 'jsonb', nullable: true })
  approvals: GrantApproval[] | null;

  /** The information sharing agreement the grant rests on, once agreements exist. */
  @Column({ name: 'agreement_id', type: 'uuid', nullable: true })
  agreementId: string | null;

  /**
   * A case pack grant (src/case-review): it names no grantee and reaches only the members of this
   * ASB case review, through the case pack; ordinary questions never use it.
   */
  @Column({ name: 'case_review_id', type: 'uuid', nullable: true })
  caseReviewId: string | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
