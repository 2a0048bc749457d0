// The single DynamoDB table: every item type, its keys, and the access
// patterns they serve. The CDK stack and the local stack both create the
// table from TABLE_DEFINITION, so the two can never disagree.
//
// | item                 | PK            | SK                       | GSI1PK / GSI1SK                            | GSI2PK / GSI2SK                          |
// |----------------------|---------------|--------------------------|--------------------------------------------|------------------------------------------|
// | Pilot                | PILOT#<id>    | PILOT                    | PILOTS / <createdAt>#<id>                  | PILOTS#<status> / <createdAt>#<id>       |
// | Participant          | PILOT#<id>    | PARTICIPANT#<pid>        | - (***)                                    | PILOT#<id>#WAITLIST / <orderKey> (*)     |
// | Participant reference| PILOT#<id>    | REF#<case reference>     | REF#<case reference> / <id>#<pid>          | -                                        |
// | Erasure marker       | PILOT#<id>    | ERASED#<pid>             | REF#<case reference> / <id>#<pid>          | -                                        |
// | Enrolment order      | PILOT#<id>    | ORDER                    | -                                          | -                                        |
// | Audit entry          | PILOT#<id>    | AUDIT#<at>#<seq><random> | -                                          | -                                        |
// | Access entry         | PILOT#<id>    | ACCESS#<at>#<seq><random>| -                                          | -                                        |
// | Pending wait         | PILOT#<id>    | WAIT                     | -                                          | -                                        |
// | Voucher code         | PILOT#<id>    | VOUCHER#<code>           | -                                          | PILOT#<id>#FREEVOUCHERS / <expiresOn>#<code> (**) |
// | Outcome              | PILOT#<id>    | OUTCOME                  | -                                          | -                                        |
// | Invitation           | PILOT#<id>    | INVITE#<companyId>       | -                                          | -                                        |
// | Candidate code       | PILOT#<id>    | CANDIDATE#<code>         | -                                          | -                                        |
// | Meeting              | PILOT#<id>    | MEETING#<companyId>#<round> | -                                       | -                                        |
// | Internship report    | PILOT#<id>    | INTERNSHIP#<pid>#<companyId> | -                                      | -                                        |
// | Mail record          | PILOT#<id> (MAIL for the digest) | MAIL#<key>#<language> | -                      | -                                        |
// | Company              | COMPANY#<id>  | COMPANY                  | COMPANIES / <name>#<id>                    | -                                        |
// | Company message seen | COMPANY#<id>  | MSG#<webhook-id>         | -                                          | -                                        |
// | Link form nonce      | COMPANY#<id>  | FORM#<nonce>             | -                                          | -                                        |
// | CVR guard            | CVR#<cvr>     | CVR                      | -                                          | -                                        |
// | Survey tally         | PILOT#<id>    | SURVEY                   | -                                          | -                                        |
// | Survey token         | SURVEY#<hash> | TOKEN                    | -                                          | -                                        |
// | Survey form nonce    | SURVEY#<hash> | FORM#<nonce>             | -                                          | -                                        |
//
// (*) only while the participant is waitlisted: a sparse index, so the head of
// the waiting list is one Query with Limit 1.
// (**) only while the code is free: the soonest-expiring unexpired free code is
// one Query with GSI2SK >= today and Limit 1.
// (***) Participants are in the enrolment-order index (EnrolmentOrder: pilotId /
// orderKey, their own attributes), not in GSI1. Participants enrolled before
// that still carry GSI1 keys: harmless, no read uses them (see below).
//
// The enrolment-order index projects the keys only. GSI1 and GSI2 project
// every attribute, and DynamoDB writes an index whenever a write changes an
// attribute the index holds: a participant in an ALL index cost a second
// write of its whole item on every change (status, voucher, exam, follow-up,
// expiry), in a transaction twice. A keys-only index is written only when an
// item enters or leaves it or its keys change, which for a participant is once,
// at enrolment; a write that changes nothing an index holds consumes no write
// capacity of that index (AWS, DynamoDB developer guide, "Global secondary
// indexes", "Provisioned throughput considerations for Global Secondary
// Indexes", "Write capacity units").
// Participants in enrolment order are therefore read as the index's keys, a
// page at a time, then the items by BatchGetItem (participantsOfPilot).
// Its keys are attributes every participant has always had (pilotId,
// orderKey), so the index, created on a table with participants in it, holds
// them all from its backfill: no migration of the items. So no other kind of
// item may have an `orderKey`, and `pilotId` must be a string wherever it is
// an attribute (an index key's type is checked on every write).
//
// Deploying: CloudFormation creates or deletes one GSI per table update, so
// the index came in a deploy of its own (this one adds one GSI and deletes
// none). The functions that read it depend on the table, so CloudFormation
// updates them after the table's update (the index built). GSI1 and GSI2 keep
// projecting every attribute: changing a projection means a new index, the
// readers switched to it and the old one deleted in a later deploy. Their
// items are few (pilots, companies, reference guards, free vouchers); the
// pilot item's index writes are the largest share left (bench/RESULTS.md,
// "Write units per participant").
//
// The pending wait is the one task token a parked execution waits on, with its
// deadline and wake-up schedule. It is its own item, apart from the pilot item
// that every enrolment's transaction updates, so resuming never contends with
// enrolments. Taking the token is a conditional delete: exactly one resume wins.
//
// The local stack keeps its engine's state in the same table, under LOCAL#
// partitions no AWS code reads (see functions/adapters/local/).
//
// Access patterns:
// - pilot by id ..................................... GetItem PILOT#<id> / PILOT
// - all pilots, newest first (paginated) ............ Query GSI1 PILOTS
// - pilots with a status (paginated) ................ Query GSI2 PILOTS#<status>
// - pilots with any of some statuses (the digest) .. Query GSI1 PILOTS, FilterExpression status IN (...)
// - participant by id ............................... GetItem PILOT#<id> / PARTICIPANT#<pid>
// - participant by case reference ................... GetItem PILOT#<id> / REF#<ref> -> pid
// - participants in enrolment order (paginated) ..... Query EnrolmentOrder <pilotId> (keys), BatchGetItem the items
// - the next enrolment order numbers ................ UpdateItem PILOT#<id> / ORDER, ADD next (atomic)
// - head of the waiting list ........................ Query GSI2 PILOT#<id>#WAITLIST, Limit 1
// - a case reference in every pilot (subject access) Query GSI1 REF#<case reference> (live and erased)
// - audit trail in time order (paginated) ........... Query PILOT#<id>, SK begins_with AUDIT#
// - access log, newest first (paginated) ............ Query PILOT#<id>, SK begins_with ACCESS#, ScanIndexForward false
// - who read one participant ........................ the same, FilterExpression contains(participantIds, <pid>)
// - a pilot's voucher codes .......................... Query PILOT#<id>, SK begins_with VOUCHER#
// - the next free, unexpired code .................... Query GSI2 PILOT#<id>#FREEVOUCHERS, GSI2SK >= today, Limit 1
// - a pilot's invited companies and their answers .... Query PILOT#<id>, SK begins_with INVITE#
// - a pilot's match-event schedule .................. Query PILOT#<id>, SK begins_with MEETING#
// - a pilot's internship reports .................... Query PILOT#<id>, SK begins_with INTERNSHIP#
// - company by id ................................... GetItem COMPANY#<id> / COMPANY
// - all companies by name (paginated) ............... Query GSI1 COMPANIES
// - was this webhook-id seen (72 h) ................. with the company: BatchGetItem COMPANY#<id> / COMPANY + MSG#<webhook-id> (TTL deletes it)
// - was this form nonce issued for this link (24 h) . GetItem COMPANY#<id> / FORM#<nonce> (TTL deletes it)
// - a pilot's survey counts ......................... GetItem PILOT#<id> / SURVEY
// - a survey link's or code's one-time token ........ GetItem SURVEY#<sha256 of its secret> / TOKEN
// - was this survey form shown through that token ... GetItem SURVEY#<hash> / FORM#<nonce> (TTL deletes it)
//
// The survey's items carry no participant id and no time of answering: the
// tally holds counts only, a token only its pilot and whether it was used
// (README, "The participants' survey").
//
// A company's slots are counted on its invitation and summed on the pilot
// item (slotsConfirmed), both changed in one transaction whose conditions
// keep the company under its cap and the event under its capacity; the
// invitation's version makes concurrent answers from one company retry
// instead of overwriting each other.
//
// The reference item is a uniqueness guard: it is written with the
// participant in one transaction, conditional on not existing, so enrolling
// the same case reference twice is a no-op, not a duplicate. URLs and the
// audit trail carry only the participant's own id, never the case reference.
// It is also the cross-pilot index of case references (GSI1 REF#<reference>),
// so a subject access request finds a citizen in every pilot with one Query,
// no Scan. Erasing a participant deletes it and leaves an erasure marker under
// the same GSI1 key: the export can say that, when and by whom their data was
// erased. The marker expires (TTL) with the access log's retention, when the
// last access entry naming the erased id goes too.
//
// Access entries (functions/store/access-log.ts) record reads of personal
// data: one item per read with the ids it returned, expiring by TTL after the
// access log's retention; never the data itself.

export const key = {
  pilot: (pilotId: string) => ({ PK: `PILOT#${pilotId}`, SK: 'PILOT' }),
  participant: (pilotId: string, participantId: string) => ({ PK: `PILOT#${pilotId}`, SK: `PARTICIPANT#${participantId}` }),
  reference: (pilotId: string, reference: string) => ({ PK: `PILOT#${pilotId}`, SK: `REF#${reference}` }),
  enrolmentOrder: (pilotId: string) => ({ PK: `PILOT#${pilotId}`, SK: 'ORDER' }),
  audit: (pilotId: string, at: string, suffix: string) => ({ PK: `PILOT#${pilotId}`, SK: `AUDIT#${at}#${suffix}` }),
  access: (pilotId: string, at: string, suffix: string) => ({ PK: `PILOT#${pilotId}`, SK: `ACCESS#${at}#${suffix}` }),
  erasure: (pilotId: string, participantId: string) => ({ PK: `PILOT#${pilotId}`, SK: `ERASED#${participantId}` }),
  wait: (pilotId: string) => ({ PK: `PILOT#${pilotId}`, SK: 'WAIT' }),
  outcome: (pilotId: string) => ({ PK: `PILOT#${pilotId}`, SK: 'OUTCOME' }),
  voucher: (pilotId: string, code: string) => ({ PK: `PILOT#${pilotId}`, SK: `VOUCHER#${code}` }),
  invitation: (pilotId: string, companyId: string) => ({ PK: `PILOT#${pilotId}`, SK: `INVITE#${companyId}` }),
  candidate: (pilotId: string, code: string) => ({ PK: `PILOT#${pilotId}`, SK: `CANDIDATE#${code}` }),
  meeting: (pilotId: string, companyId: string, round: number) => ({ PK: `PILOT#${pilotId}`, SK: `MEETING#${companyId}#${String(round).padStart(4, '0')}` }),
  internship: (pilotId: string, participantId: string, companyId: string) => ({ PK: `PILOT#${pilotId}`, SK: `INTERNSHIP#${participantId}#${companyId}` }),
  company: (companyId: string) => ({ PK: `COMPANY#${companyId}`, SK: 'COMPANY' }),
  companyMessage: (companyId: string, messageId: string) => ({ PK: `COMPANY#${companyId}`, SK: `MSG#${messageId}` }),
  formNonce: (companyId: string, nonce: string) => ({ PK: `COMPANY#${companyId}`, SK: `FORM#${nonce}` }),
  cvr: (cvr: string) => ({ PK: `CVR#${cvr}`, SK: 'CVR' }),
  survey: (pilotId: string) => ({ PK: `PILOT#${pilotId}`, SK: 'SURVEY' }),
  surveyToken: (hash: string) => ({ PK: `SURVEY#${hash}`, SK: 'TOKEN' }),
  surveyForm: (hash: string, nonce: string) => ({ PK: `SURVEY#${hash}`, SK: `FORM#${nonce}` }),
};

export const index = {
  allPilots: { name: 'GSI1', pk: 'GSI1PK', sk: 'GSI1SK', value: () => 'PILOTS' },
  pilotsByStatus: { name: 'GSI2', pk: 'GSI2PK', sk: 'GSI2SK', value: (status: string) => `PILOTS#${status}` },
  enrolmentOrder: { name: 'EnrolmentOrder', pk: 'pilotId', sk: 'orderKey', value: (pilotId: string) => pilotId },
  waitingList: { name: 'GSI2', pk: 'GSI2PK', sk: 'GSI2SK', value: (pilotId: string) => `PILOT#${pilotId}#WAITLIST` },
  freeVouchers: { name: 'GSI2', pk: 'GSI2PK', sk: 'GSI2SK', value: (pilotId: string) => `PILOT#${pilotId}#FREEVOUCHERS` },
  allCompanies: { name: 'GSI1', pk: 'GSI1PK', sk: 'GSI1SK', value: () => 'COMPANIES' },
  caseReference: { name: 'GSI1', pk: 'GSI1PK', sk: 'GSI1SK', value: (reference: string) => `REF#${reference}` },
} as const;

/**
 * Every kind of item the product stores, by its `entity` attribute, in the
 * order of the table above. docs/PRIVACY.md's record of processing has a row
 * for each (test/unit/privacy-record.test.ts holds the two and the code's
 * `entity` values together).
 */
export const ITEM_TYPES = [
  'pilot',
  'participant',
  'reference',
  'erasure',
  'enrolment-order',
  'audit',
  'access',
  'wait',
  'voucher',
  'outcome',
  'invitation',
  'candidate',
  'meeting',
  'internship',
  'mail',
  'company',
  'company-message',
  'form-nonce',
  'cvr',
  'survey',
  'survey-token',
  'survey-form',
] as const;
export type ItemType = (typeof ITEM_TYPES)[number];

/** The attribute DynamoDB TTL reads: epoch seconds after which an item holding personal data is deleted. */
export const TTL_ATTRIBUTE = 'expiresAt';

/** What a global index holds of an item beside its keys: every attribute, or the keys only. */
export type IndexProjection = 'ALL' | 'KEYS_ONLY';

/**
 * Key schema and indexes, shared by the CDK stack, the local stack's
 * CreateTable and the bench's pricing of index writes (bench/dynamo-counter.ts).
 */
export const TABLE_DEFINITION: {
  partitionKey: 'PK';
  sortKey: 'SK';
  globalIndexes: readonly { name: string; partitionKey: string; sortKey: string; projection: IndexProjection }[];
} = {
  partitionKey: 'PK',
  sortKey: 'SK',
  globalIndexes: [
    { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK', projection: 'ALL' },
    { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK', projection: 'ALL' },
    { name: index.enrolmentOrder.name, partitionKey: index.enrolmentOrder.pk, sortKey: index.enrolmentOrder.sk, projection: 'KEYS_ONLY' },
  ],
};
