import { Document, isNode, LineCounter, parseDocument } from 'yaml';
import type { FieldIssue } from '../core/index.js';
import type { AgreementDocument } from './model.js';
import { type AgreementValidation, invalidAgreement, validateAgreement } from './validate.js';

/** The agreement as YAML, the form people edit and review (`servio agreement export|import`). */

export interface YamlHeader {
  version?: number;
  status?: string;
}

export function toYaml(document: AgreementDocument, header: YamlHeader = {}): string {
  const yaml = new Document(document);
  const about = [header.version && `version ${header.version}`, header.status].filter(Boolean).join(', ');
  yaml.commentBefore = [
    ` Servio Align: the agreement between Marketing and Sales${about ? ` (${about})` : ''}.`,
    ' Edit it, then propose it with `servio agreement import --file <file>`; it takes effect',
    ' once a marketing approver and a sales approver have both approved it.',
  ].join('\n');
  // No folding: a regular expression or a sentence stays on one line, as written.
  return yaml.toString({ lineWidth: 0 });
}

/** The document in `text`, or a `ValidationError` naming every bad field with its line. */
export function parseAgreementYaml(text: string): AgreementDocument {
  const result = validateAgreementYaml(text);
  if (result.valid) return result.document;
  throw invalidAgreement(result.errors);
}

/** Syntax errors (line and column), then the document's errors (path and line). */
export function validateAgreementYaml(text: string): AgreementValidation {
  const lines = new LineCounter();
  const yaml = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (yaml.errors.length > 0) {
    const errors: FieldIssue[] = yaml.errors.map((error) => {
      const { line, col } = lines.linePos(error.pos[0]);
      return { path: '', message: `YAML syntax error at line ${line}, column ${col}: ${error.message}` };
    });
    return { valid: false, errors };
  }
  const result = validateAgreement(yaml.toJS({ maxAliasCount: 100 }));
  if (result.valid) return result;
  return {
    valid: false,
    errors: result.errors.map((issue) => {
      const line = lineOf(yaml, lines, issue.path);
      return line ? { ...issue, message: `${issue.message} (line ${line})` } : issue;
    }),
  };
}

/** The line of the node at `path`, or of its nearest ancestor that exists (a missing property). */
function lineOf(yaml: Document, lines: LineCounter, path: string): number | undefined {
  const segments = path
    .split('/')
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  for (let n = segments.length; n > 0; n--) {
    const node = yaml.getIn(segments.slice(0, n), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return undefined;
}
