export * from './model.js';
export { DEFAULT_AGREEMENT } from './defaults.js';
export {
  parseAgreementDocument,
  validateAgreement,
  type AgreementValidation,
  PATTERN_FLAGS,
} from './validate.js';
export { parseAgreementYaml, toYaml, validateAgreementYaml } from './yaml.js';
export { renderSlaDocument, slaDocumentBlocks } from './sla-document.js';
export { DOCUMENT_FORMATS, type Block, type DocumentFormat, type Span } from './document-render.js';
export {
  activeAgreementVersion,
  activeRoutingPolicy,
  routingPolicyOf,
  activeScoringModel,
  approveAgreement,
  getActiveAgreement,
  getAgreementVersion,
  listAgreementVersions,
  proposeAgreement,
  rejectAgreement,
} from './service.js';
export { AgreementVersionSchema, AgreementVersionSummarySchema } from './schema.js';
export { agreementRoutes } from './routes.js';
export { agreementCommands } from './commands.js';
