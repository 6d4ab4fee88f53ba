export { simulate, type SimulationOptions, type SimulationReport, type Progress } from './service.js';
export { simulateCommands, describeReport, SIMULATION_DEFAULTS } from './commands.js';
