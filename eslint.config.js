// Lint rules, including the layering of style.md §1: shared is pure, renderer and main never import
// each other, replica/sync/central code never imports electron.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'worker_threads', 'net', 'http'];

export default tseslint.config(
  { ignores: ['out/', 'dist/', 'node_modules/', 'test-results/', '.tmp/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'react', 'react-dom', ...nodeBuiltins], message: 'src/shared is pure TypeScript: no node, electron or DOM.' },
          { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'src/shared must not import another layer.' },
        ],
      }],
    },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', ...nodeBuiltins], message: 'The renderer has no node or electron: go through window.promanage.' },
          { group: ['**/main/**', '**/preload/**'], message: 'The renderer never imports main or preload.' },
        ],
      }],
    },
  },
  {
    files: ['src/preload/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/main/**', '**/renderer/**'], message: 'The preload imports only electron and src/shared.' }],
      }],
    },
  },
  {
    files: ['src/main/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/renderer/**', '**/preload/**'], message: 'Main never imports the renderer or the preload.' }],
      }],
    },
  },
  {
    // The browser host's window.promanage shim is a classic browser script: no imports, so its types
    // are import() types.
    files: ['src/main/browser-host/shim/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { '@typescript-eslint/consistent-type-imports': ['error', { disallowTypeAnnotations: false }] },
  },
  {
    files: ['src/main/central/**', 'src/main/replica/**', 'src/main/sync/**', 'src/main/ipc/**', 'src/main/window/**', 'src/main/desktop/**',
      'src/main/replica-host/**', 'src/main/browser-host/**', 'src/main/logging/**', 'src/main/demo/**', 'src/main/exports/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron'], message: 'This code runs under plain Node (tests, worker): no electron import.' },
          { group: ['**/renderer/**', '**/preload/**'], message: 'Main never imports the renderer or the preload.' },
        ],
      }],
    },
  },
);
