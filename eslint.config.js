// A small, strict rule set: the recommended checks of typescript-eslint plus the few type-aware
// rules that catch real bugs in async Lambda code (a promise nobody awaits, a thrown non-Error).
// No style rules: layout is the formatter's business, not the linter's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // .data/ is the local stack's state (its table, outbox and the page it builds): generated, never linted.
  { ignores: ['node_modules/', 'cdk.out/', 'dist/', 'web/dist/', '.data/', '**/*.d.ts'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/only-throw-error': 'error',
      // Passing on a caught `unknown` is fine; inventing a non-Error reason is not.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
    },
  },
  {
    // Test clients, the bench and the demo read the API's JSON answers the way a caller would:
    // untyped, checked by assertions rather than by the compiler.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'infra/local/demo.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.cjs', '**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: { module: 'writable', require: 'readonly', process: 'readonly', performance: 'readonly', console: 'readonly' },
    },
  },
);
