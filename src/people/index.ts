export type { Person, PersonInput } from './model.js';
export type { Account, AccountInput } from './account.js';
export { isCompanyDomain, isFreeMailDomain, isAcademicDomain } from './free-mail.js';
export { resolvePeople, type Resolution, type ResolveRequest } from './identity.js';
export { findPersonAccount, findVisitorPeople, identifyVisitors } from './store.js';
export { accountExists } from './account-store.js';
export {
  upsertPerson,
  updatePerson,
  personDetail,
  findPeople,
  erasePerson,
  visiblePerson,
} from './service.js';
export { createAccount, changeAccount, deleteAccount, findAccounts, showAccount } from './account-service.js';
export { PersonSchema, AccountSchema } from './schema.js';
export { peopleRoutes } from './routes.js';
export { peopleCommands } from './commands.js';
export { importPeople, type ImportOptions, type ImportSummary } from './import/service.js';
export { importRoutes } from './import/routes.js';
export { importCommands } from './import/command.js';
