import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ThresholdOutcome } from './threshold-rule.js';

/** Where a case is: received → threshold met or not → review open → review held → closed. */
export enum CaseStatus {
  Received = 'received',
  ThresholdNotMet = 'threshold_not_met',
  ThresholdMet = 'threshold_met',
  ReviewOpen = 'review_open',
  ReviewHeld = 'review_held',
  Closed = 'closed',
}

export const CHANNELS = ['phone', 'form', 'letter', 'email', 'in_person'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The stored threshold check: the rule, the assessment and each partner's report (no personal data). */
export type StoredThresholdCheck = ThresholdOutcome & { checkedAt: string; partners: Record<string, string>; datasetsSearched: string[] };

/**
 * One ASB case review (Community Trigger) application and its review. Personal details are
 * sealed (AES-256-GCM) in `personalDetails`; everything else holds no personal data, so lists and
 * published figures never need to open it.
 */
@Entity({ name: 'case_reviews' })
export class CaseReview {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** ASB-2026-0001 */
  @Column({ type: 'text' })
  reference: string;

  @Column({ name: 'district_code', type: 'text' })
  districtCode: string;

  @Column({ type: 'text' })
  status: CaseStatus;

  @Column({ type: 'text' })
  channel: Channel;

  @Column({ name: 'received_on', type: 'date' })
  receivedOn: string;

  @Column({ name: 'on_behalf', type: 'boolean' })
  onBehalf: boolean;

  @Column({ name: 'hate_incident', type: 'boolean' })
  hateIncident: boolean;

  @Column({ name: 'vulnerable_victim', type: 'boolean' })
  vulnerableVictim: boolean;

  /** Pseudonymous keys (HMAC) of the applicant and the location, as partners' datasets carry them. */
  @Column({ name: 'subject_key', type: 'text', nullable: true })
  subjectKey: string | null;

  @Column({ name: 'place_key', type: 'text', nullable: true })
  placeKey: string | null;

  /** Sealed personal details (see personal-details.cipher.ts). */
  @Column({ name: 'personal_details', type: 'text' })
  personalDetails: string;

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @Column({ name: 'threshold_check', type: 'jsonb', nullable: true })
  thresholdCheck: StoredThresholdCheck | null;

  @Column({ type: 'text', nullable: true })
  decision: 'met' | 'not_met' | null;

  @Column({ name: 'decision_reasons', type: 'text', nullable: true })
  decisionReasons: string | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @Column({ name: 'decided_on', type: 'date', nullable: true })
  decidedOn: string | null;

  @Column({ name: 'applicant_told_on', type: 'date', nullable: true })
  applicantToldOn: string | null;

  /** Organisations taking part in the review. */
  @Column({ name: 'agency_ids', type: 'uuid', array: true, default: () => "'{}'" })
  agencyIds: string[];

  @Column({ name: 'review_held_on', type: 'date', nullable: true })
  reviewHeldOn: string | null;

  @Column({ type: 'text', nullable: true })
  outcome: string | null;

  @Column({ name: 'responded_on', type: 'date', nullable: true })
  respondedOn: string | null;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ name: 'appeal_requested_on', type: 'date', nullable: true })
  appealRequestedOn: string | null;

  @Column({ name: 'appeal_outcome', type: 'text', nullable: true })
  appealOutcome: string | null;

  @Column({ name: 'appeal_decided_on', type: 'date', nullable: true })
  appealDecidedOn: string | null;

  @Column({ name: 'decide_by', type: 'date' })
  decideBy: string;

  @Column({ name: 'hold_by', type: 'date', nullable: true })
  holdBy: string | null;

  @Column({ name: 'respond_by', type: 'date', nullable: true })
  respondBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
