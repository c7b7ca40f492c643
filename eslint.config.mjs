// Lint keeps the layer boundaries of docs/architecture.md: each folder may import only what its
// layer is allowed to see. A violation is an error, so `npm test` fails on it.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'path', 'os', 'crypto', 'child_process', 'http', 'url', 'util', 'stream', 'worker_threads'];
const NATIVE_AND_NODE_LIBS = ['better-sqlite3-multiple-ciphers', 'natural', 'natural/*', 'tsx', 'tsx/*'];

/**
 * A no-restricted-imports rule from lists of forbidden module patterns (gitignore style), each
 * with its reason. The bare name `electron` is matched exactly: as a pattern it would also match
 * every path through the electron/ folder.
 */
function forbid(...groups) {
  const paths = [];
  const patterns = [];
  for (const [group, message] of groups) {
    if (group.includes('electron')) paths.push({ name: 'electron', message });
    const rest = group.filter((g) => g !== 'electron');
    if (rest.length) patterns.push({ group: rest, message });
  }
  return { 'no-restricted-imports': ['error', { paths, patterns }] };
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.electron-native/**', 'test-results/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['shared/**'],
    rules: forbid(
      [NODE_BUILTINS, 'shared/ runs in both processes: no Node built-ins.'],
      [['electron', 'react', 'react-dom', 'lexical', '@lexical/*', ...NATIVE_AND_NODE_LIBS], 'shared/ holds plain TypeScript and zod only.'],
      [['**/electron/**', '**/renderer/**'], 'shared/ depends on nothing else in the repo.'],
    ),
  },
  {
    files: ['electron/core/**'],
    rules: forbid(
      [['electron'], 'The core is plain Node: it never imports electron, so the CLI, the server and the tests run it without Electron.'],
      [['react', 'react-dom', 'lexical', '@lexical/*'], 'The core has no UI.'],
      [['**/renderer/**', '**/main/**', '**/preload/**', '**/server/**', '**/cli/**'], 'The core does not know its front doors.'],
    ),
  },
  {
    files: ['electron/main/**', 'electron/preload/**', 'electron/server/**', 'electron/cli/**'],
    rules: forbid(
      [['**/renderer/**', 'react', 'react-dom', 'lexical', '@lexical/*'], 'Front doors do not import the renderer.'],
      [['**/core/store/**', '**/core/*/**'], 'Front doors call the core through electron/core/index.ts (dispatch), not its insides.'],
    ),
  },
  {
    files: ['electron/preload/**'],
    rules: forbid(
      [[...NODE_BUILTINS, ...NATIVE_AND_NODE_LIBS, '**/core/**'], 'The sandboxed preload may import only electron and shared/.'],
    ),
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...forbid(
        [[...NODE_BUILTINS, ...NATIVE_AND_NODE_LIBS, 'electron'], 'The renderer runs sandboxed in a browser: no Node, no Electron.'],
        [['**/electron/**'], 'The renderer talks to the core only through the contract (renderer/src/api).'],
      ),
    },
  },
);
