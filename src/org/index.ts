export * from './model.js';
export { findTeam, findUser, findUserByEmail, type TeamFilter, type UserFilter } from './store.js';
export {
  createTeam,
  createUser,
  deleteTeam,
  getTeam,
  getUser,
  listTeams,
  listUsers,
  updateTeam,
  updateUser,
  type CreateTeamInput,
  type CreateUserInput,
  type UpdateTeamInput,
  type UpdateUserInput,
} from './service.js';
export { TeamSchema, UserSchema } from './schema.js';
export { orgRoutes } from './routes.js';
export { orgCommands } from './commands.js';
