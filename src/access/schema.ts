import { Type } from 'typebox';
import { DateTime, Nullable, StringEnum } from '../core/index.js';
import { ROLES } from './model.js';

export const ApiKeySchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: StringEnum(ROLES),
  prefix: Type.String({ description: 'the first characters of the secret, to recognise it' }),
  userId: Nullable(Type.String()),
  createdAt: DateTime,
  lastUsedAt: Nullable(DateTime),
  revokedAt: Nullable(DateTime),
});

export const CreateApiKeyBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: StringEnum(ROLES),
    userId: Type.Optional(Nullable(Type.String())),
  },
  { additionalProperties: false },
);

export const CreatedApiKeySchema = Type.Object({
  key: ApiKeySchema,
  secret: Type.String({ description: 'shown once; only its hash is stored' }),
});

export const WhoAmISchema = Type.Object({
  kind: StringEnum(['api_key', 'cli', 'system'] as const),
  keyId: Nullable(Type.String()),
  name: Type.String({ description: "the key's name" }),
  role: StringEnum(ROLES),
  userId: Nullable(Type.String({ description: 'the user the key belongs to (a rep sees only their own)' })),
  permissions: Type.Array(Type.String(), { description: 'what the role may do (src/access/model.ts)' }),
});
