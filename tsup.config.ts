import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // `kaoping`: the browser-safe core; `kaoping/node`: files, encodings, workbooks
    entry: { index: 'src/index.ts', node: 'src/node.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
    // shared chunks in CommonJS too, so that kaoping and kaoping/node share one ValidationError class
    splitting: true,
    // an ESM-only browser build: bundled, so that CommonJS users get it too
    noExternal: ['csv-stringify/browser/esm/sync'],
  },
  {
    // the `kaoping` command: ESM only
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
  },
]);
