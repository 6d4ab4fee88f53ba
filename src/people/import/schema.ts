import { Type } from 'typebox';
import { Nullable, StringEnum } from '../../core/index.js';
import { FORMAT_CHOICES, IMPORT_FORMATS } from './formats.js';

export const ImportPeopleQuery = Type.Object(
  {
    format: Type.Optional(
      StringEnum(FORMAT_CHOICES, { description: 'column layout; auto detects it from the header row' }),
    ),
    dryRun: Type.Optional(Type.Boolean({ description: 'validate and count, write nothing' })),
  },
  { additionalProperties: false },
);

export const ImportPeopleBody = Type.String({
  description: 'the CSV file, header row first (Salesforce lead export, HubSpot contact export, or generic)',
});

export const ImportSummarySchema = Type.Object({
  importId: Type.String(),
  format: StringEnum(IMPORT_FORMATS),
  formatDetected: Type.Boolean(),
  dryRun: Type.Boolean(),
  rows: Type.Integer({ description: 'data rows read' }),
  created: Type.Integer(),
  updated: Type.Integer(),
  merged: Type.Integer({
    description: 'rows for an email seen earlier in the file, merged into that person',
  }),
  rejected: Type.Integer(),
  rejections: Type.Array(
    Type.Object({
      line: Type.Integer({ description: 'physical line in the file; the header is line 1' }),
      email: Nullable(Type.String()),
      reason: Type.String(),
    }),
  ),
  ignoredColumns: Type.Array(Type.String()),
  unmatchedOwners: Type.Array(Type.String()),
  stoppedAt: Nullable(
    Type.Object(
      { line: Type.Integer(), reason: Type.String() },
      { description: 'a CSV syntax error that ended the reading; rows before it were imported' },
    ),
  ),
});
