import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// Entries follow electron-vite's conventions: src/main/index.ts, src/preload/index.ts,
// src/renderer/index.html; output in out/.
export default defineConfig({
  main: {
    build: {
      // Bundled rather than loaded file by file from node_modules: the replica worker starts ~0.1 s
      // sooner (zod and Yjs are many small modules). Yjs and everything that imports it go together, so
      // that a thread never holds two copies of Yjs (its type checks would fail).
      externalizeDeps: { exclude: ['zod', 'yjs', 'lib0', 'y-protocols', '@tiptap/y-tiptap'] },
      rolldownOptions: {
        // The replica host runs in its own worker thread (src/main/replica-host).
        input: {
          index: 'src/main/index.ts',
          'replica-worker': 'src/main/replica-host/replica-worker.ts',
          // The demo workspace's embedded central database (PGlite) runs in a worker of its own.
          'demo-central-worker': 'src/main/demo/demo-central-worker.ts',
        },
        // Native and WASM packages load from node_modules at run time (electron-builder ships them).
        external: ['better-sqlite3', '@electric-sql/pglite'],
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload must be one CommonJS file: bundle everything, emit .cjs.
      externalizeDeps: false,
      rolldownOptions: {
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    plugins: [react()],
    // Smaller and faster to parse at start-up (the editor, Yjs and React are most of it).
    build: { minify: true },
  },
});
