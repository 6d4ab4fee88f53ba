import { Type } from 'typebox';
import { DateTime, Nullable, PageQuery, StringEnum } from '../core/index.js';
import { DOCUMENT_FORMATS } from './document-render.js';
import { AGREEMENT_STATUSES, AgreementDocument, APPROVAL_SIDES } from './model.js';

export { AgreementDocument };

const SignerSchema = Type.Object({
  id: Nullable(Type.String({ description: 'the API key that signed; null from the CLI' })),
  name: Type.String(),
  at: DateTime,
});

export const AgreementVersionSummarySchema = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  status: StringEnum(AGREEMENT_STATUSES),
  summary: Type.String(),
  proposedBy: Type.Object({ type: Type.String(), id: Nullable(Type.String()), name: Type.String() }),
  proposedAt: DateTime,
  approvals: Type.Object({ marketing: Nullable(SignerSchema), sales: Nullable(SignerSchema) }),
  rejection: Nullable(Type.Object({ ...SignerSchema.properties, reason: Type.String() })),
  effectiveAt: Nullable(DateTime),
});

/** Responses declare the whole document, so the OpenAPI document shows its structure. */
export const AgreementVersionSchema = Type.Object({
  ...AgreementVersionSummarySchema.properties,
  document: AgreementDocument,
});

export const VersionParams = Type.Object({ version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

export const FormatQuery = Type.Object(
  {
    format: Type.Optional(
      StringEnum(['json', 'yaml'] as const, { description: 'yaml: the document as YAML' }),
    ),
  },
  { additionalProperties: false },
);

export const DocumentQuery = Type.Object(
  {
    format: Type.Optional(
      StringEnum(DOCUMENT_FORMATS, { description: 'md (default): Markdown; html: a standalone HTML page' }),
    ),
  },
  { additionalProperties: false },
);

export const VersionsQuery = Type.Object(
  { ...PageQuery, status: Type.Optional(StringEnum(AGREEMENT_STATUSES)) },
  { additionalProperties: false },
);

export const ProposeQuery = Type.Object(
  {
    summary: Type.Optional(
      Type.String({ maxLength: 2000, description: 'with a YAML body: what changes and why' }),
    ),
  },
  { additionalProperties: false },
);

/**
 * A request's `document` is checked by the service, not here, so that every error (the
 * schema's and the rules beyond it) comes back at once as a 422 with each bad field's path.
 */
const DocumentInput = Type.Unsafe<unknown>({
  description:
    'the agreement document, as `document` in GET /v1/agreement; each error is reported with its path (422)',
});

export const ProposeJsonBody = Type.Object(
  {
    document: DocumentInput,
    summary: Type.Optional(Type.String({ maxLength: 2000, description: 'what changes and why' })),
  },
  { additionalProperties: false },
);

export const ProposeYamlBody = Type.String({
  description: 'the agreement document as YAML (servio agreement export)',
});

export const ValidateJsonBody = Type.Object({ document: DocumentInput }, { additionalProperties: false });

export const ValidationResultSchema = Type.Object({
  valid: Type.Boolean(),
  errors: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
});

export const ApproveBody = Type.Object(
  {
    side: Type.Optional(
      StringEnum(APPROVAL_SIDES, {
        description:
          'required for admin and revops keys; a marketing key signs marketing, a sales manager sales',
      }),
    ),
  },
  { additionalProperties: false },
);

export const RejectBody = Type.Object(
  { reason: Type.String({ minLength: 1, maxLength: 2000, description: 'why the proposal is turned down' }) },
  { additionalProperties: false },
);
