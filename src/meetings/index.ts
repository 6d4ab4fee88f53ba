export * from './model.js';
export {
  addActionItem,
  completeActionItem,
  createMeeting,
  getCadence,
  getMeeting,
  listActionItems,
  listMeetings,
  meetingAgenda,
  regenerateAgenda,
  setNotes,
  updateActionItem,
  updateCadence,
  type ActionItemInput,
  type CadenceView,
  type CreateMeetingInput,
} from './service.js';
export { agendaBlocks } from './agenda-render.js';
export { AgendaSchema, ActionItemSchema, CadenceSchema, MeetingSchema } from './schema.js';
export { meetingRoutes } from './routes.js';
export { meetingCommands } from './commands.js';
