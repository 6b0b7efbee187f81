/** Who did something, as the audit log records it. */
export interface AuditActor {
  id: string;
  email: string;
  organisationId: string;
}

/** The actor fields of a user or signed-in caller. */
export function actorOf(user: { id: string; email: string; organisationId: string }): AuditActor {
  return { id: user.id, email: user.email, organisationId: user.organisationId };
}

/** Something worth recording. `action` is dotted: `auth.sign_in`, `user.disabled`, `query.run` … */
export interface AuditEvent {
  actor: AuditActor | null;
  action: string;
  target?: { type: string; id: string };
  details?: Record<string, unknown>;
  address?: string | null;
  /** Email tried when there is no actor (failed sign-in). */
  actorEmail?: string;
}
