// Where things are, for the end-to-end support code.
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const RESULTS_DIR = fileURLToPath(new URL('../../../test-results/', import.meta.url));
