import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is built into dist/web, which every node serves at `/` (src/node/console.ts). Everything
// it needs ships in the bundle (basemap, zones, symbols): a node serves it without any internet.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
    // Rolldown's note of how long plugins took is noise in every `npm ci`.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
});
