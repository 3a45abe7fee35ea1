// @ts-check
import tseslint from 'typescript-eslint';

/**
 * typescript-eslint's recommended rules, plus the type-checked rules that catch real bugs here:
 * promises nobody awaits or that are passed where a callback's result is ignored, awaiting what is
 * not a promise, and type-only imports written as such. Formatting is prettier's (`npm run lint`).
 */
export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'coverage/**', 'docs/**', 'test/artifacts/**', 'bench/results/**', 'src/graphql/generated.ts', 'scripts/**', '*.mjs', '*.cjs', '*.js'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // GraphQL results and raw SQL rows are untyped JSON in tests and at a few boundaries.
      '@typescript-eslint/no-explicit-any': 'off',
      // TypeORM names entity classes `Function` (EntityTarget, entities lists): so does this code.
      '@typescript-eslint/no-unsafe-function-type': 'off',
    },
  },
);
