import { rescoreJob } from '../scoring/index.js';
import type { Job } from './model.js';

/** Every capability's periodic jobs; the server runs them in the background. */
export const ALL_JOBS: readonly Job[] = [rescoreJob];
