import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** Where an agreement is in its life. Only `active` agreements can carry requests and grants. */
export enum AgreementStatus {
  Draft = 'draft',
  Active = 'active',
  Suspended = 'suspended',
  Ended = 'ended',
}

/**
 * An Information Sharing Agreement: the parties, purpose and lawful basis under which datasets may
 * be shared. Every governed grant traces to one, and no grant outlives it.
 */
@Entity({ name: 'sharing_agreements' })
export class Agreement {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  purpose: string;

  /** e.g. "Crime and Disorder Act 1998 s115; UK GDPR Art 6(1)(e)". */
  @Column({ name: 'lawful_basis', type: 'text' })
  lawfulBasis: string;

  @Column({ name: 'party_organisation_ids', type: 'uuid', array: true })
  partyOrganisationIds: string[];

  @Column({ name: 'dataset_ids', type: 'uuid', array: true })
  datasetIds: string[];

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'review_at', type: 'timestamptz' })
  reviewAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'text' })
  status: AgreementStatus;

  @Column({ name: 'created_by', type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
