import type { Evaluation } from '../../functions/domain/evaluation.js';
import type { outcomeView } from '../../functions/services/evaluation.js';

// The outcome as GET /pilots/{id}/outcome answers it: the record the
// evaluation step wrote (figures nested under `evaluation`), with the override
// window. Typed from the service that builds it, so the page reads what the
// API sends.

type Written = NonNullable<Awaited<ReturnType<typeof outcomeView>>>;

export type OutcomeView = Omit<Written, 'evaluation'> & {
  evaluation: Omit<Evaluation, 'employment'> & {
    /**
     * Null when employment was not measured: a pilot closed before its
     * follow-up has no employment figure, only what it reached (issue 19).
     */
    employment: Evaluation['employment'] | null;
    /** Why employment was not measured, when it was not. */
    employmentNotMeasured?: string;
  };
};
