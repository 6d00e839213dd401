// Lint rules that carry their reasons. Type checking itself is tsc's job (npm run build).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'native/build/', 'build/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Only the CLI talks to a terminal; everything else logs through pino.
      'no-console': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Built-ins are imported with the node: prefix so they cannot be shadowed by a package.
      'no-restricted-imports': ['error', {
        patterns: [{
          regex: '^(fs|path|os|crypto|http|https|net|stream|url|util|events|child_process|worker_threads|zlib|assert|buffer|readline|timers)(/.*)?$',
          message: 'Import Node built-ins with the node: prefix.'
        }]
      }],
      'no-restricted-properties': ['error', {
        object: 'Math', property: 'random', message: 'Use node:crypto randomness (Math.random is not for keys, tickets or nonces).'
      }]
    }
  },
  {
    // Plain-JS scripts run on Node: give them Node's globals (TypeScript files get them from @types/node).
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly' } }
  },
  {
    files: ['src/cli/**', 'scripts/**', 'bench/**', 'test/**'],
    rules: { 'no-console': 'off' }
  },
  {
    files: ['test/**', 'bench/**'],
    rules: { 'no-restricted-properties': 'off' }
  }
)
