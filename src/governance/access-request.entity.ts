import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { AccessLevel } from '../access/access-level.js';
import type { ApprovalRule } from '../config/app-config.js';

export enum RequestStatus {
  Pending = 'pending',
  Approved = 'approved',
  Refused = 'refused',
  Withdrawn = 'withdrawn',
}

/** An analyst's request to use another partner's dataset; approval turns it into a grant. */
@Entity({ name: 'access_requests' })
export class AccessRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'requester_id', type: 'uuid' })
  requesterId: string;

  /** The requester's organisation when they asked; the grant holds only while they stay in it. */
  @Column({ name: 'requester_organisation_id', type: 'uuid' })
  requesterOrganisationId: string;

  @Column({ name: 'dataset_id', type: 'uuid' })
  datasetId: string;

  @Column({ name: 'agreement_id', type: 'uuid' })
  agreementId: string;

  @Column({ type: 'text' })
  level: AccessLevel;

  @Column({ type: 'text', array: true })
  areas: string[];

  @Column({ type: 'text' })
  purpose: string;

  @Column({ name: 'requested_until', type: 'timestamptz' })
  requestedUntil: Date;

  /** The approval rule in force when the request was made (from the dataset's sensitivity). */
  @Column({ name: 'approval_rule', type: 'text' })
  approvalRule: ApprovalRule;

  @Column({ type: 'text' })
  status: RequestStatus;

  /** Set when the request is for an ASB case review's case pack (the grant then serves its members). */
  @Column({ name: 'case_review_id', type: 'uuid', nullable: true })
  caseReviewId: string | null;

  @Column({ name: 'grant_id', type: 'uuid', nullable: true })
  grantId: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
