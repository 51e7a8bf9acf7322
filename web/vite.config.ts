import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built into web/dist; the server serves it (hashed files under /assets/, the app shell for client routes).
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false },
});
