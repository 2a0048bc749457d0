// A participant's statuses, the moves a consultant may make between them, and
// why someone drops out. Plain data with no imports, so the web page can use
// the same lists as the API without pulling zod into its bundle.

export const PARTICIPANT_STATUSES = [
  'waitlisted',
  /** Routed to a basic digital-skills track first (a screening said so); holds no place on the course. */
  'basic-track',
  'enrolled',
  'started',
  'dropped-out',
  'completed',
] as const;
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

export const DROPOUT_REASONS = ['found-job', 'education', 'illness', 'moved', 'personal', 'no-show', 'other'] as const;

// Status changes a consultant may make with PATCH. Waitlisted and basic-track
// participants become enrolled only when a place is free (capacity check).
export const ALLOWED_TRANSITIONS: Record<ParticipantStatus, readonly ParticipantStatus[]> = {
  waitlisted: ['enrolled', 'dropped-out'],
  'basic-track': ['enrolled', 'dropped-out'],
  enrolled: ['started', 'dropped-out'],
  started: ['completed', 'dropped-out'],
  completed: [],
  'dropped-out': [],
};
