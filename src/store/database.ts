import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types of the whole store, in one place. Row types never leave a capability's
 * `store.ts`: each maps them to its own domain types at the edge.
 *
 * Conventions: every timestamp is `timestamptz` (a `Date` here); money is integer cents
 * (`*_cents`) with a `currency`; `date` columns are `YYYY-MM-DD` strings; int8 comes back
 * as a JS number (set in `connection.ts`).
 */

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json = ColumnType<
  Record<string, unknown>,
  string | Record<string, unknown> | undefined,
  string | Record<string, unknown>
>;
type JsonArray = ColumnType<unknown[], string | unknown[], string | unknown[]>;

export interface AccountTable {
  id: string;
  name: string;
  domain: string | null;
  employees: number | null;
  industry: string | null;
  country: string | null;
  region: string | null;
  annual_revenue_cents: number | null;
  /** Named-account owner: leads of this account go to them (routing). */
  owner_user_id: string | null;
  is_named_account: Generated<boolean>;
  is_customer: Generated<boolean>;
  is_competitor: Generated<boolean>;
  is_partner: Generated<boolean>;
  external_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PersonTable {
  id: string;
  /** Normalised (trimmed, lower-case); null for a person erased or known by other means. */
  email: string | null;
  first_name: string | null;
  last_name: string | null;
  title: string | null;
  phone: string | null;
  company: string | null;
  account_id: string | null;
  stage: string;
  stage_entered_at: Timestamp;
  owner_user_id: string | null;
  lead_source: string | null;
  country: string | null;
  industry: string | null;
  employees: number | null;
  unsubscribed: Generated<boolean>;
  external_id: string | null;
  attributes: Json;
  created_at: Timestamp;
  updated_at: Timestamp;
  erased_at: Timestamp | null;
  /** Routing: when the current owner was given the lead, and when their first touch is due. */
  routed_at: Timestamp | null;
  first_touch_due_at: Timestamp | null;
  /** Set while no rule could place the lead: the watched unassigned queue. */
  unassigned_since: Timestamp | null;
  /** A recycled lead re-enters the MQL queue only with a score above this. */
  requalify_above: number | null;
  /** The rule whose assignment an SDR passes the lead on to. */
  pass_rule: string | null;
}

export interface VisitorTable {
  visitor_id: string;
  person_id: string | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  identified_at: Timestamp | null;
}

export interface TeamTable {
  id: string;
  name: string;
  function: string;
  manager_user_id: string | null;
  /** The team's business calendar; members without their own work it. */
  calendar_id: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface UserTable {
  id: string;
  email: string;
  name: string;
  role: string;
  team_id: string | null;
  manager_user_id: string | null;
  segment: string | null;
  territory: string | null;
  time_zone: string;
  active: Generated<boolean>;
  out_of_office_until: Timestamp | null;
  capacity_per_day: number | null;
  routing_weight: Generated<number>;
  /** The user's own business calendar, before their team's. */
  calendar_id: Generated<string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CalendarTable {
  id: string;
  name: string;
  time_zone: string;
  /** Canonical `--hours` text: `Mon-Fri 09:00-17:00`. */
  hours: string;
  /** `YYYY-MM-DD` and yearly `MM-DD`. */
  holidays: JsonArray;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CampaignTable {
  id: string;
  name: string;
  channel: string;
  status: string;
  cost_cents: number;
  currency: string;
  starts_on: string | null;
  ends_on: string | null;
  owner_user_id: string | null;
  external_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** The sales play the campaign supports (0016). */
  play_id: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface TouchpointTable {
  id: Generated<number>;
  event_id: string;
  type: string;
  occurred_at: Timestamp;
  received_at: Timestamp;
  person_id: string | null;
  visitor_id: string | null;
  account_id: string | null;
  campaign_id: string | null;
  channel: string | null;
  url: string | null;
  content_id: string | null;
  properties: Json;
}

export interface ActivityTable {
  id: string;
  type: string;
  direction: string;
  outcome: string | null;
  occurred_at: Timestamp;
  person_id: string | null;
  account_id: string | null;
  opportunity_id: string | null;
  user_id: string | null;
  subject: string | null;
  notes: string | null;
  duration_seconds: number | null;
  external_id: string | null;
  created_at: Timestamp;
  sla_seen: Generated<boolean>;
}

export interface OpportunityTable {
  id: string;
  name: string;
  account_id: string | null;
  person_id: string | null;
  owner_user_id: string | null;
  campaign_id: string | null;
  source: string | null;
  stage: string;
  amount_cents: number;
  currency: string;
  close_date: string | null;
  next_step: string | null;
  outcome: string | null;
  closed_at: Timestamp | null;
  close_reason: string | null;
  competitor: string | null;
  winning_factor: string | null;
  external_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface StageHistoryTable {
  id: Generated<number>;
  person_id: string;
  from_stage: string | null;
  to_stage: string;
  at: Timestamp;
  actor_type: string;
  actor_id: string | null;
  reason: string | null;
  reason_code: string | null;
  agreement_version: number | null;
  sla_seen: Generated<boolean>;
}

export interface ApiKeyTable {
  id: string;
  name: string;
  role: string;
  /** SHA-256 of the secret; the secret itself is shown once and never stored. */
  key_hash: string;
  prefix: string;
  user_id: string | null;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Timestamp;
  actor_type: string;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string | null;
  details: Json;
}

export interface IdempotencyKeyTable {
  api_key_id: string;
  key: string;
  method: string;
  path: string;
  request_hash: string;
  status_code: number;
  response: Json;
  created_at: Timestamp;
}

export interface PersonScoreTable {
  person_id: string;
  /** The agreement version whose scoring model computed this score. */
  model_version: number;
  fit: number;
  engagement: number;
  decay: number;
  total: number;
  qualifies: boolean;
  rules: JsonArray;
  last_engagement_at: Timestamp | null;
  scored_at: Timestamp;
}

export interface ScoreHistoryTable {
  id: Generated<number>;
  person_id: string;
  at: Timestamp;
  model_version: number;
  fit: number;
  engagement: number;
  total: number;
  cause: string;
}

export interface AgreementVersionTable {
  version: number;
  /** proposed | active | superseded | rejected; at most one row is active. */
  status: string;
  document: Json;
  /** SHA-256 of the document as proposed: processes cache documents by it. */
  document_sha256: string;
  summary: Generated<string>;
  proposed_by_type: string;
  proposed_by_id: string | null;
  proposed_by_name: string;
  proposed_at: Timestamp;
  marketing_approved_by_id: string | null;
  marketing_approved_by_name: string | null;
  marketing_approved_at: Timestamp | null;
  sales_approved_by_id: string | null;
  sales_approved_by_name: string | null;
  sales_approved_at: Timestamp | null;
  rejected_by_id: string | null;
  rejected_by_name: string | null;
  rejected_at: Timestamp | null;
  rejection_reason: string | null;
  effective_at: Timestamp | null;
}

export interface RoutingDecisionTable {
  id: string;
  person_id: string;
  decided_at: Timestamp;
  trigger: string;
  agreement_version: number | null;
  outcome: string;
  rule_index: number | null;
  rule_name: string | null;
  step: string | null;
  pool: string | null;
  owner_user_id: string | null;
  previous_owner_user_id: string | null;
  checks: JsonArray;
  reason: string;
  actor_type: string;
  actor_id: string | null;
  sla_seen: Generated<boolean>;
}

export interface RoutingPoolTable {
  pool_key: string;
  assigned: Generated<number>;
}

export interface RoutingCounterTable {
  pool_key: string;
  user_id: string;
  assigned: Generated<number>;
  last_assigned_at: Timestamp | null;
}

export interface DispositionTable {
  id: string;
  person_id: string;
  decided_at: Timestamp;
  outcome: string;
  reason_code: string | null;
  requeue: string | null;
  notes: string | null;
  content_recommendations: JsonArray | null;
  from_stage: string;
  to_stage: string;
  owner_user_id: string | null;
  score: number | null;
  agreement_version: number | null;
  actor_type: string;
  actor_id: string | null;
}

export interface ReminderTable {
  id: string;
  person_id: string;
  user_id: string | null;
  due_at: Timestamp;
  reason: string;
  created_at: Timestamp;
  fired_at: Timestamp | null;
}

export interface SlaClockTable {
  id: string;
  policy: string;
  /** Null for a clock about a content request. */
  person_id: string | null;
  /** Set for a content request's turnaround clock (content/). */
  content_request_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** Set for a closed opportunity's win/loss feedback clock (feedback/, migration 0014). */
  opportunity_id: ColumnType<string | null, string | null | undefined, string | null>;
  agreement_version: number;
  started_at: Timestamp;
  due_at: Timestamp;
  stopped_at: Timestamp | null;
  status: string;
  breached_at: Timestamp | null;
  accountable_user_id: string | null;
  escalation_level: Generated<number>;
  acknowledged_at: Timestamp | null;
  acknowledged_by: string | null;
  acknowledgement: string | null;
  created_at: Timestamp;
}

/** A closed opportunity's win/loss record (feedback/, migration 0014). */
export interface WinLossRecordTable {
  opportunity_id: string;
  outcome: string;
  closed_at: Timestamp;
  due_at: Timestamp;
  reason_code: string | null;
  reason_text: string | null;
  competitor: string | null;
  competitor_key: string | null;
  winning_factor: string | null;
  notes: string | null;
  complete: boolean;
  completed_at: Timestamp | null;
  recorded_by: string | null;
  recorded_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface JobRunTable {
  name: string;
  leased_by: string | null;
  leased_until: Timestamp | null;
  last_started_at: Timestamp | null;
  last_finished_at: Timestamp | null;
  last_error: string | null;
}

/** A person's first touch with a channel and with a campaign, kept by triggers on touchpoints (migration 0019). */
export interface PersonFirstTouchTable {
  person_id: string;
  channel: string | null;
  channel_at: Timestamp | null;
  channel_touchpoint_id: number | null;
  campaign_id: string | null;
  campaign_at: Timestamp | null;
  campaign_touchpoint_id: number | null;
}

/** Migration 0024: each funnel stage entry with the person's last entry of the stage before it. */
export interface FunnelStageEntryTable {
  id: number;
  person_id: string;
  to_stage: string;
  at: Timestamp;
  prev_at: Timestamp | null;
}

export interface Database {
  accounts: AccountTable;
  people: PersonTable;
  visitors: VisitorTable;
  teams: TeamTable;
  users: UserTable;
  calendars: CalendarTable;
  campaigns: CampaignTable;
  touchpoints: TouchpointTable;
  activities: ActivityTable;
  opportunities: OpportunityTable;
  stage_history: StageHistoryTable;
  api_keys: ApiKeyTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeyTable;
  person_scores: PersonScoreTable;
  score_history: ScoreHistoryTable;
  job_runs: JobRunTable;
  sla_clocks: SlaClockTable;
  win_loss_records: WinLossRecordTable;
  routing_decisions: RoutingDecisionTable;
  routing_pools: RoutingPoolTable;
  routing_counters: RoutingCounterTable;
  dispositions: DispositionTable;
  reminders: ReminderTable;
  agreement_versions: AgreementVersionTable;
  webhook_subscriptions: WebhookSubscriptionTable;
  outbox: OutboxTable;
  webhook_deliveries: WebhookDeliveryTable;
  cost_entries: CostEntryTable;
  content_assets: ContentAssetTable;
  content_usage: ContentUsageTable;
  content_asset_campaigns: ContentAssetCampaignTable;
  messaging_items: MessagingItemTable;
  messaging_versions: MessagingVersionTable;
  content_requests: ContentRequestTable;
  event_inbox: EventInboxTable;
  inbox_shards: InboxShardTable;
  person_first_touches: PersonFirstTouchTable;
  funnel_stage_entries: FunnelStageEntryTable;
  event_outcomes: EventOutcomeTable;
  quality_flags: QualityFlagTable;
  marketing_tasks: MarketingTaskTable;
  marketing_task_leads: MarketingTaskLeadTable;
  meeting_cadence: MeetingCadenceTable;
  meetings: MeetingTable;
  action_items: ActionItemTable;
  personas: PersonaTable;
  sales_plays: SalesPlayTable;
  buying_process_maps: BuyingProcessMapTable;
  joint_plans: JointPlanTable;
  maturity_assessments: MaturityAssessmentTable;
}

/** Events accepted asynchronously, waiting for identity, scoring and routing. */
export interface EventInboxTable {
  id: Generated<string>;
  event_id: string;
  /** The validated event, `occurredAt` as ISO text. */
  event: Json;
  /** Who sent it, as the lifecycle's MoveBy. */
  actor: Json;
  received_at: Timestamp;
  attempts: Generated<number>;
  last_error: string | null;
  /** `inbox_shard(event)`: which worker pass may take it (migration 0021). */
  shard: number;
}

/** One row a shard of the inbox: a worker pass locks the row of the shard it works on. */
export interface InboxShardTable {
  shard: number;
}

/** What became of each asynchronously accepted event. */
export interface EventOutcomeTable {
  event_id: string;
  /** stored | duplicate | rejected | failed */
  status: string;
  errors: Json | null;
  received_at: Timestamp;
  processed_at: Timestamp;
}

// ---- content library, messaging, content requests (content/)

export interface ContentAssetTable {
  id: string;
  title: string;
  type: string;
  stage: string | null;
  persona: string | null;
  industry: string | null;
  channel: string | null;
  owner_user_id: string | null;
  version: Generated<number>;
  location: string;
  summary: string | null;
  review_on: string | null;
  expires_on: string | null;
  retired_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContentUsageTable {
  id: string;
  asset_id: string;
  user_id: string | null;
  person_id: string | null;
  account_id: string | null;
  opportunity_id: string | null;
  sent_at: Timestamp;
  note: string | null;
  created_at: Timestamp;
}

export interface MessagingItemTable {
  id: string;
  kind: string;
  title: string;
  persona: string | null;
  segment: string | null;
  stage: string | null;
  competitor: string | null;
  body: Json;
  version: number;
  reviewed_on: string | null;
  archived_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MessagingVersionTable {
  item_id: string;
  version: number;
  title: string;
  persona: string | null;
  segment: string | null;
  stage: string | null;
  competitor: string | null;
  body: Json;
  reviewed_on: string | null;
  author: string;
  created_at: Timestamp;
}

export interface ContentRequestTable {
  id: string;
  type: string;
  title: string;
  details: string | null;
  requester_user_id: string;
  owner_user_id: string | null;
  status: string;
  persona: string | null;
  competitor: string | null;
  opportunity_id: string | null;
  anchor_on: string | null;
  requested_at: Timestamp;
  target_at: Timestamp;
  due_at: Timestamp;
  asset_id: string | null;
  delivered_at: Timestamp | null;
  decline_reason: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CostEntryTable {
  id: string;
  /** marketing | sales */
  function: string;
  category: string;
  amount_cents: number;
  currency: string;
  starts_on: string;
  ends_on: string;
  notes: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookSubscriptionTable {
  id: string;
  url: string;
  /** Kept as is, not hashed: the delivery job signs every body with it. */
  secret: string;
  /** JSON array of event type patterns: `lead.routed`, `lead.*`, `*`. */
  events: JsonArray;
  /** json | slack */
  format: string;
  active: Generated<boolean>;
  description: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OutboxTable {
  id: string;
  type: string;
  text: string;
  subject_person_id: string | null;
  subject_user_id: string | null;
  data: Json;
  created_at: Timestamp;
}

export interface WebhookDeliveryTable {
  /** Sent as `Servio-Delivery`: the receiver's idempotency key, the same on every retry. */
  id: string;
  outbox_id: string;
  subscription_id: string;
  /** pending | delivered | failed | dead */
  status: string;
  attempts: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: Timestamp;
}

/** Collaborative planning (0016): lists are jsonb arrays of strings. */
export interface PersonaTable {
  id: string;
  key: string;
  name: string;
  role: string | null;
  titles: JsonArray;
  segment: string | null;
  pains: JsonArray;
  goals: JsonArray;
  objections: JsonArray;
  buying_role: string | null;
  channels: JsonArray;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SalesPlayTable {
  id: string;
  name: string;
  persona_id: string | null;
  segment: string | null;
  description: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface BuyingProcessMapTable {
  id: string;
  stages: JsonArray;
  updated_by: string;
  updated_at: Timestamp;
}

export interface JointPlanTable {
  quarter: string;
  goals: JsonArray;
  notes: string | null;
  agreement_version: number;
  updated_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MaturityAssessmentTable {
  quarter: string;
  dimensions: Json;
  overall_level: number;
  assessed_by: string;
  assessed_at: Timestamp;
}

export type AccountRow = Selectable<AccountTable>;
export type NewAccountRow = Insertable<AccountTable>;
export type AccountUpdate = Updateable<AccountTable>;
export type PersonRow = Selectable<PersonTable>;
export type NewPersonRow = Insertable<PersonTable>;
export type PersonUpdate = Updateable<PersonTable>;
export type VisitorRow = Selectable<VisitorTable>;
export type TeamRow = Selectable<TeamTable>;
export type UserRow = Selectable<UserTable>;
export type CalendarRow = Selectable<CalendarTable>;
export type CampaignRow = Selectable<CampaignTable>;
export type TouchpointRow = Selectable<TouchpointTable>;
export type NewTouchpointRow = Insertable<TouchpointTable>;
export type ActivityRow = Selectable<ActivityTable>;
export type OpportunityRow = Selectable<OpportunityTable>;
export type StageHistoryRow = Selectable<StageHistoryTable>;
export type ApiKeyRow = Selectable<ApiKeyTable>;
export type AuditLogRow = Selectable<AuditLogTable>;
export type { JsonArray };
export type AgreementVersionRow = Selectable<AgreementVersionTable>;
export type WebhookSubscriptionRow = Selectable<WebhookSubscriptionTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveryTable>;
export type CostEntryRow = Selectable<CostEntryTable>;

/** The campaigns an asset was made for (seed 001: "new assets for each campaign"). */
export interface ContentAssetCampaignTable {
  asset_id: string;
  campaign_id: string;
}

/** A lead-quality flag raised by sales on a lead or a campaign (feedback/flags-*). */
export interface QualityFlagTable {
  id: string;
  person_id: string | null;
  campaign_id: string | null;
  /** How the campaign was found: campaign (named), first_touch, latest_campaign, none. */
  campaign_via: string;
  kind: string;
  severity: string;
  comment: string | null;
  /** open | acknowledged | resolved */
  status: Generated<string>;
  recipient_user_id: string | null;
  raised_by_type: string;
  raised_by_id: string | null;
  raised_by_user_id: string | null;
  raised_at: Timestamp;
  response: string | null;
  responded_by_id: string | null;
  responded_at: Timestamp | null;
}

/** A marketing task a DQ code's marketing action created (feedback/tasks-*). */
export interface MarketingTaskTable {
  id: string;
  dq_code: string;
  action: string;
  campaign_id: string | null;
  lead_source: string | null;
  /** What open tasks aggregate by: one open task a key. */
  group_key: string;
  assignee_user_id: string | null;
  /** open | completed */
  status: Generated<string>;
  lead_count: Generated<number>;
  latest_person_id: string | null;
  latest_at: Timestamp;
  agreement_version: number;
  created_at: Timestamp;
  completed_at: Timestamp | null;
  completed_by_id: string | null;
  completion_note: string | null;
}

export interface MarketingTaskLeadTable {
  task_id: string;
  person_id: string;
  disposition_id: string;
  lead_source: string | null;
  added_at: Timestamp;
}

/** The organisation's edits to the seed's meeting cadence (one row; absent means the defaults). */
export interface MeetingCadenceTable {
  id: number;
  time_zone: string;
  series: JsonArray;
  updated_at: Timestamp;
}

export interface MeetingTable {
  id: string;
  kind: string;
  date: string;
  starts_at: Timestamp;
  title: string;
  /** The agenda as generated (a snapshot of the figures at `agenda_generated_at`). */
  agenda: Json | null;
  agenda_generated_at: Timestamp | null;
  notes: string | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ActionItemTable {
  id: string;
  meeting_id: string;
  title: string;
  owner_user_id: string | null;
  team_id: string | null;
  due_on: string;
  status: string;
  completed_at: Timestamp | null;
  completed_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
