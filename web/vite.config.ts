import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The dashboard: built into web/dist, which the API server serves at `/`. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // ECharts alone is ~400 kB minified even tree-shaken; it lives in its own chunk.
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      output: {
        manualChunks(id: string) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts';
          if (id.includes('node_modules/react')) return 'react';
          return undefined;
        },
      },
    },
  },
  server: {
    // `npx vite web` during development: the API on :8080 behind the dev server.
    proxy: { '/v1': 'http://localhost:8080', '/health': 'http://localhost:8080' },
  },
});
