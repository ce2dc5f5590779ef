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
    treeshake: true,
    // d3-dsv is published as ES modules alone: bundled, so that CommonJS users get it too
    noExternal: ['d3-dsv'],
  },
  {
    // the `kaoping` command: a small launcher that caches the program's compiled code (see src/cli/bin.ts)
    entry: { cli: 'src/cli/bin.ts' },
    // CommonJS: Node starts it sooner than an ES module, and every run of the command pays for that
    format: ['cjs'],
    target: 'node20',
  },
  {
    // the program the launcher runs: one file with its dependencies in it, so that Node reads and compiles one
    // module instead of hundreds. CommonJS, since V8's code cache is for scripts. fflate and saxes, which read
    // workbooks, stay outside: they are loaded only for .xlsx files.
    entry: { 'cli-program': 'src/cli/main.ts' },
    format: ['cjs'],
    sourcemap: true,
    target: 'node20',
    noExternal: [/^(?!(fflate|saxes)$)/],
    // smaller to parse; messages carry no stack traces, and the source map is shipped beside it
    minify: true,
    // a compiled script has no loader for import(): fflate and saxes are loaded with require
    esbuildOptions(options) {
      options.supported = { ...options.supported, 'dynamic-import': false };
    },
  },
]);
