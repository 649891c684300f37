// ESLint with type-aware typescript-eslint rules. `npm run lint` must report zero problems (warnings fail too).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      // web/ is browser code (DOM types) and scripts/ build-time code: each has its own tsconfig.
      parserOptions: { project: ['./tsconfig.check.json', './web/tsconfig.json', './scripts/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', {
        // node:test's test()/describe() return promises the runner itself awaits.
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] }],
      }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-constant-condition': ['error', { checkLoops: false }],
      // Binary and text sniffing matches control characters on purpose.
      'no-control-regex': 'off',
      // The code base marks checked indexed reads with `!` (written for noUncheckedIndexedAccess); until that
      // compiler option is on, tsc sees them as redundant.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },
  {
    // Decoding and detection are reentrant (docs/architecture.md): worker threads and concurrent streams run them side
    // by side, so their modules hold no mutable state of their own. Caches and scratch space live in per-call or
    // per-instance objects (see src/decode/context.ts).
    files: ['src/decode/**/*.ts', 'src/detect/**/*.ts'],
    rules: {
      'no-restricted-syntax': ['error', {
        selector: ':matches(Program, Program > ExportNamedDeclaration) > VariableDeclaration[kind!="const"]',
        message: 'No module-level let/var in decode/ or detect/: keep state in a per-call or per-instance object (reentrancy).',
      }],
    },
  },
  {
    // Tests read the CLI's JSON output: `any` from JSON.parse is checked by assertions, not by types.
    files: ['test/**/*.ts', 'eval/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
);
