import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/**
 * Lint: typescript-eslint's recommended rules, React hooks rules, and the one-way import direction of
 * CONVENTIONS §1 enforced here (not by memory):
 *   screens → panels, layers, map → live, api → contract;  gateway → pipeline → subsystems → contract.
 */
export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'public/**',
      'test-results/**',
      'data/**',
      'mock-server/city-packs/*/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX, 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            // The contract imports nothing of ours.
            { target: './src/contract', from: ['./src', './mock-server'], except: ['./contract'] },
            // The SPA never imports the server, and the server never imports SPA code except the contract.
            { target: './src', from: './mock-server' },
            { target: './mock-server', from: './src', except: ['./contract'] },
            // Lower SPA layers never import screens; panels and layers never import each other's siblings' screens.
            {
              target: ['./src/panels', './src/layers', './src/map', './src/live', './src/api'],
              from: './src/screens',
            },
            { target: ['./src/live', './src/api', './src/layers'], from: ['./src/panels', './src/map'] },
            // Subsystems never import the gateway or pipeline internals beyond the adapter/ingest types.
            { target: './mock-server/subsystems', from: './mock-server/gateway' },
            { target: './mock-server/pipeline', from: ['./mock-server/gateway', './mock-server/subsystems'] },
            {
              target: './mock-server/store',
              from: ['./mock-server/gateway', './mock-server/pipeline', './mock-server/subsystems'],
            },
          ],
        },
      ],
    },
  },
  {
    // Panels never import other panels (a shared piece belongs in components/ or the panel-frame).
    files: ['src/panels/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^\\.\\./(?!panel-frame/)[^.][^/]*/', message: 'panels never import other panels' },
          ],
        },
      ],
    },
  },
);
