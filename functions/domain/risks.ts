// The operational risks a pilot can be flagged with (pilot.risks): recruitment
// short of the minimum cohort, no company answering the match event, too few
// voucher codes, follow-up not recorded, a workflow step failed for good. Each raises one escalation e-mail;
// the texts for each live in the mail phrases, the rules that raise them in
// the services.

export const ESCALATION_RISKS = ['recruitment-under-minimum', 'no-company-answer', 'voucher-shortage', 'follow-up-incomplete', 'step-failed'] as const;
export type EscalationRisk = (typeof ESCALATION_RISKS)[number];
