import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

/** The web app: built into dist/web, which `duban serve` serves at "/". `vite --config web/vite.config.ts`
 * (dev) proxies /api to a running `duban serve` on DUBAN_API (default http://127.0.0.1:8080). */
export default defineConfig({
  root,
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../dist/web", import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: { "/api": process.env.DUBAN_API ?? "http://127.0.0.1:8080" },
  },
});
