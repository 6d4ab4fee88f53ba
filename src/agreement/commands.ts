import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { CLI_PRINCIPAL, type Principal } from '../access/index.js';
import type { Ctx } from '../app.js';
import { type Cli, parseInteger, print, table, UsageError } from '../cli/index.js';
import { DOCUMENT_FORMATS, type DocumentFormat } from './document-render.js';
import { APPROVAL_SIDES, type AgreementVersion, type ApprovalSide, type Signer } from './model.js';
import {
  activeAgreementVersion,
  approveAgreement,
  getAgreementVersion,
  listAgreementVersions,
  proposeAgreement,
  rejectAgreement,
} from './service.js';
import { renderSlaDocument } from './sla-document.js';
import { parseAgreementYaml, toYaml } from './yaml.js';

const MAX_VERSION = 2_147_483_647;

function versionNumber(raw: string): number {
  return parseInteger('version', raw, 1, MAX_VERSION);
}

function load(ctx: Ctx, version: string | undefined): Promise<AgreementVersion> {
  return version === undefined
    ? activeAgreementVersion(ctx)
    : getAgreementVersion(ctx, versionNumber(version));
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The CLI acts as the machine's operator (an admin) and says who it signs for with `--as`:
 * the name is recorded as the approver, and one name cannot approve both sides.
 */
function signingAs(name: string | undefined): Principal {
  if (name === undefined) return CLI_PRINCIPAL;
  const trimmed = name.trim();
  if (trimmed === '') throw new UsageError('--as needs the name of the person who signs');
  return { ...CLI_PRINCIPAL, name: trimmed };
}

function signed(signer: Signer | null): string {
  return signer ? `${signer.name}, ${signer.at.toISOString()}` : 'not yet';
}

function describe(agreement: AgreementVersion): string {
  const { document: doc } = agreement;
  const decay = doc.scoring.decay;
  return [
    `${doc.name}: version ${agreement.version} (${agreement.status})` +
      (agreement.effectiveAt ? `, in effect since ${agreement.effectiveAt.toISOString()}` : ''),
    agreement.summary ? `summary: ${agreement.summary}` : undefined,
    `proposed by ${agreement.proposedBy.name} at ${agreement.proposedAt.toISOString()}`,
    `approved for marketing: ${signed(agreement.approvals.marketing)}; for sales: ${signed(agreement.approvals.sales)}`,
    agreement.rejection
      ? `rejected by ${agreement.rejection.name}: ${agreement.rejection.reason}`
      : undefined,
    `funnel: TQL step ${doc.funnel.tqlEnabled ? 'on' : 'off'}; MQL-to-SQL acceptance target ${doc.funnel.mqlToSqlAcceptanceTarget * 100}%`,
    `MQL threshold: ${doc.scoring.threshold} points` +
      (decay
        ? `; decay ${decay.pointsPerWeek} per week after ${decay.afterDays} days without engagement`
        : ''),
    '',
    table(
      ['rule', 'kind', 'points', 'signal'],
      doc.scoring.rules.map((r) => [
        r.id,
        r.kind,
        `${r.points > 0 ? '+' : ''}${r.points}${r.count === 'each' ? ' each' : ''}`,
        r.label,
      ]),
    ),
    '',
    table(
      ['code', 'reason', 'marketing action'],
      doc.disqualificationCodes.map((d) => [d.code, d.reason, d.marketingAction]),
    ),
    '',
    table(
      ['re-queue condition', 'action'],
      doc.reQueueRules.map((r) => [r.condition, r.action]),
    ),
  ]
    .filter((line) => line !== undefined)
    .join('\n');
}

function documentFormat(raw: string): DocumentFormat {
  if (!(DOCUMENT_FORMATS as readonly string[]).includes(raw))
    throw new UsageError(`--format must be one of ${DOCUMENT_FORMATS.join(', ')}, got "${raw}"`);
  return raw as DocumentFormat;
}

function sideOption(raw: string | undefined): ApprovalSide | undefined {
  if (raw === undefined) return undefined;
  if (!(APPROVAL_SIDES as readonly string[]).includes(raw))
    throw new UsageError(`--side must be one of ${APPROVAL_SIDES.join(', ')}, got "${raw}"`);
  return raw as ApprovalSide;
}

/** `servio agreement show|export|import|validate|approve|reject|versions|render|document`. */
export function agreementCommands(program: Command, cli: Cli): void {
  const agreement = program
    .command('agreement')
    .description('the versioned agreement between Marketing and Sales: export, propose, approve');

  // A version is a positional argument: `--version` anywhere on the line is the program's own.
  agreement
    .command('show [version]')
    .description('the agreement in force (or version N) with its approvals and tables')
    .action(async (version: string | undefined, _options, command: Command) => {
      const found = await cli.run((ctx) => load(ctx, version));
      print(cli.output(command), found, () => describe(found));
    });

  agreement
    .command('export [version]')
    .description('the document in force (or version N) as YAML, to stdout or --file')
    .option('--file <path>', 'write the YAML here')
    .action(async (version: string | undefined, options: { file?: string }) => {
      const found = await cli.run((ctx) => load(ctx, version));
      const text = toYaml(found.document, found);
      if (options.file) {
        await writeFile(options.file, text, 'utf8');
        process.stderr.write(`wrote version ${found.version} to ${options.file}\n`);
      } else process.stdout.write(text);
    });

  agreement
    .command('import')
    .description('propose the YAML document in --file as a new version')
    .requiredOption('--file <path>', 'the YAML document (see export)')
    .option('--summary <text>', 'what changes and why')
    .option('--as <name>', 'who proposes it (recorded)')
    .action(async (options: { file: string; summary?: string; as?: string }, command: Command) => {
      const document = parseAgreementYaml(await readText(options.file));
      const principal = signingAs(options.as);
      const proposed = await cli.run((ctx) => proposeAgreement(ctx, document, options.summary, principal));
      print(
        cli.output(command),
        proposed,
        () =>
          `proposed version ${proposed.version}: it takes effect once marketing and sales approve it\n` +
          `  servio agreement approve ${proposed.version} --side marketing --as <name>\n` +
          `  servio agreement approve ${proposed.version} --side sales --as <name>`,
      );
    });

  agreement
    .command('validate')
    .description('check a YAML document: exit 0 when valid, 2 with each error on stderr')
    .requiredOption('--file <path>', 'the YAML document')
    .action(async (options: { file: string }, command: Command) => {
      const document = parseAgreementYaml(await readText(options.file));
      print(
        cli.output(command),
        { valid: true, errors: [] },
        () => `${options.file}: valid (${document.name})`,
      );
    });

  agreement
    .command('approve <version>')
    .description('approve a proposed version for one side; it takes effect once both sides have')
    .requiredOption('--side <side>', 'marketing or sales')
    .requiredOption('--as <name>', 'who approves (one person cannot approve both sides)')
    .action(async (version: string, options: { side: string; as: string }, command: Command) => {
      const side = sideOption(options.side);
      const principal = signingAs(options.as);
      const approved = await cli.run((ctx) => approveAgreement(ctx, versionNumber(version), principal, side));
      print(cli.output(command), approved, () =>
        approved.status === 'active'
          ? `version ${approved.version} approved for ${side} by ${principal.name}: now in effect`
          : `version ${approved.version} approved for ${side} by ${principal.name}: waiting for the other side`,
      );
    });

  agreement
    .command('reject <version>')
    .description('reject a proposed version, saying why')
    .requiredOption('--reason <text>', 'why')
    .option('--as <name>', 'who rejects it (recorded)')
    .action(async (version: string, options: { reason: string; as?: string }, command: Command) => {
      const principal = signingAs(options.as);
      const rejected = await cli.run((ctx) =>
        rejectAgreement(ctx, versionNumber(version), options.reason, principal),
      );
      print(cli.output(command), rejected, () => `version ${rejected.version} rejected: ${options.reason}`);
    });

  agreement
    .command('versions')
    .description('every version, newest first')
    .action(async (_options, command: Command) => {
      const page = await cli.run((ctx) => listAgreementVersions(ctx, { limit: 1000 }));
      print(cli.output(command), page, () =>
        table(
          ['version', 'status', 'proposed', 'by', 'marketing', 'sales', 'effective', 'summary'],
          page.items.map((v) => [
            v.version,
            v.status,
            v.proposedAt.toISOString(),
            v.proposedBy.name,
            v.approvals.marketing?.name ?? '',
            v.approvals.sales?.name ?? '',
            v.effectiveAt?.toISOString(),
            v.rejection ? `rejected: ${v.rejection.reason}` : v.summary,
          ]),
        ),
      );
    });

  agreement
    .command('render [version]')
    .description(
      'the agreement in force (or version N) as the human SLA document: Markdown or a standalone HTML page',
    )
    .option('--format <format>', `${DOCUMENT_FORMATS.join(' or ')}`, 'md')
    .option('--file <path>', 'write it here instead of stdout')
    .action(async (version: string | undefined, options: { format: string; file?: string }) => {
      const format = documentFormat(options.format);
      const found = await cli.run((ctx) => load(ctx, version));
      const text = renderSlaDocument(found, format);
      if (options.file) {
        await writeFile(options.file, text, 'utf8');
        process.stderr.write(`wrote version ${found.version} as ${format} to ${options.file}\n`);
      } else process.stdout.write(text);
    });

  agreement
    .command('document [version]')
    .description('the agreement in force (or version N) as the human SLA document (Markdown; see render)')
    .action(async (version: string | undefined) => {
      const found = await cli.run((ctx) => load(ctx, version));
      process.stdout.write(renderSlaDocument(found));
    });
}
