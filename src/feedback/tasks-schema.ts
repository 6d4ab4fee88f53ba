import { Type } from 'typebox';
import { DateTime, Nullable, StringEnum } from '../core/index.js';
import { TASK_KINDS, TASK_STATUSES } from './tasks-model.js';

export const TaskQuery = Type.Object(
  {
    campaignId: Type.Optional(Type.String({ maxLength: 100 })),
    source: Type.Optional(
      Type.String({ maxLength: 100, description: 'a lead source (webinar, paid_search, ...)' }),
    ),
    status: Type.Optional(StringEnum(TASK_STATUSES)),
    code: Type.Optional(Type.String({ maxLength: 32, description: 'a DQ code, e.g. DQ-06' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export const CompleteTaskBody = Type.Object(
  { note: Type.String({ minLength: 1, maxLength: 5000, description: 'what marketing did' }) },
  { additionalProperties: false },
);

export const MarketingTaskSchema = Type.Object({
  id: Type.String(),
  dqCode: Type.String(),
  kind: StringEnum(TASK_KINDS),
  action: Type.String({ description: "the DQ code's marketing action in the agreement" }),
  campaignId: Nullable(Type.String()),
  leadSource: Nullable(Type.String({ description: 'set when the leads came without a campaign' })),
  assigneeUserId: Nullable(Type.String()),
  assignedTo: StringEnum(['campaign_owner', 'marketing_ops'] as const),
  status: StringEnum(TASK_STATUSES),
  leadCount: Type.Integer(),
  latestPersonId: Nullable(Type.String()),
  latestAt: DateTime,
  leadSources: Type.Array(Type.Object({ source: Nullable(Type.String()), leads: Type.Integer() })),
  agreementVersion: Type.Integer(),
  createdAt: DateTime,
  completedAt: Nullable(DateTime),
  completedById: Nullable(Type.String()),
  completionNote: Nullable(Type.String()),
});
