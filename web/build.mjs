// `npm run build` and npm's `prepare` (so `npm install` / `npm ci` build the dashboard):
// vite builds web/ into web/dist. An install without dev dependencies has no vite; it is told
// so and goes on (the server then answers `/` with how to build the dashboard).
import { fileURLToPath } from 'node:url';

let vite;
try {
  vite = await import('vite');
} catch {
  console.warn('servio: vite is not installed (no dev dependencies); the web dashboard is not built.');
  process.exit(0);
}
await vite.build({ configFile: fileURLToPath(new URL('vite.config.ts', import.meta.url)), logLevel: 'warn' });
