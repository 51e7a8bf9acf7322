import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API the dev server proxies /app/api to: AGENT_CONNECT_URL, else http://127.0.0.1:$API_PORT (default 3000).
const api = process.env.AGENT_CONNECT_URL ?? `http://127.0.0.1:${process.env.API_PORT ?? '3000'}`;

// Built into web/dist; the server serves it (hashed files under /assets/, the app shell for client routes).
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // The budget is 200 KB gzip of initial JavaScript (vite prints it); the raw size warning says nothing more.
    chunkSizeWarningLimit: 700,
  },
  server: {
    port: Number(process.env.WEB_PORT ?? 5173),
    strictPort: true,
    proxy: {
      '/app/api': {
        target: api,
        changeOrigin: false,
        // Server-Sent Events pass through as they come; when the server goes away (a restart), end the
        // browser's side too, so its EventSource notices and reconnects as it would without the proxy.
        configure: (proxy) => {
          proxy.on('proxyRes', (proxyRes, _req, res) => {
            if (!String(proxyRes.headers['content-type']).startsWith('text/event-stream')) return;
            proxyRes.on('close', () => res.destroy());
          });
        },
      },
    },
  },
});
