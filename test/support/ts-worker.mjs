// Starts a TypeScript worker entry under tsx: new Worker('ts-worker.mjs', { argv: [entry.ts] }).
import { register } from 'tsx/esm/api';

register();
await import(process.argv[2]);
