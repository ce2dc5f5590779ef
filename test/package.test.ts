import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020.js';
import { datasetJsonSchema, ruleSetJsonSchema } from '../src/index.js';
import { readJson, readText } from './support/load.js';

const root = new URL('../', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the package', () => {
  it('ships JSON Schemas that match the zod schemas (run `npm run schema` after changing one)', () => {
    expect(readText('schema/ruleset.schema.json')).toBe(`${JSON.stringify(ruleSetJsonSchema(), null, 2)}\n`);
    expect(readText('schema/dataset.schema.json')).toBe(`${JSON.stringify(datasetJsonSchema(), null, 2)}\n`);
  });

  it('validates every shipped rule set and example dataset against the shipped JSON Schemas, as an editor would', () => {
    // in strict mode, as Ajv is by default: no keyword it does not know, no type given as a list
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    const ruleSchema = ajv.compile(JSON.parse(readText('schema/ruleset.schema.json')) as object);
    const dataSchema = ajv.compile(JSON.parse(readText('schema/dataset.schema.json')) as object);
    const ruleFiles = ['rules/2014.json', 'examples/what-if-2015/rules-2015.json', ...readdirSync(join(root, 'rules')).map((file) => `rules/${file}`)];
    for (const file of new Set(ruleFiles)) expect(ruleSchema(readJson(file)) || ruleSchema.errors, file).toBe(true);
    expect(dataSchema(readJson('examples/xicheng-2014/dataset.json')) || dataSchema.errors).toBe(true);
    // and the schema does catch mistakes an editor should underline: a misspelt key, or fact
    expect(ruleSchema({ ...(readJson('rules/2014.json') as object), stagse: [] })).toBe(false);
    const misspelt = JSON.parse(readText('rules/2014.json').replace('"fact": "composite"', '"fact": "composit"')) as object;
    expect(ruleSchema(misspelt)).toBe(false);
    expect(ruleSchema.errors?.some((error) => error.keyword === 'enum' && /\/fact$/.test(error.instancePath))).toBe(true);
    // a decimal as a string or a number, each as its own type takes it
    expect(ruleSchema({ ...(readJson('rules/2014.json') as object), total: 100 })).toBe(true);
    expect(ruleSchema({ ...(readJson('rules/2014.json') as object), total: '1OO' })).toBe(false);
    // a score the parser refuses as negative, the schema refuses too, as a string and as a number
    for (const score of ['-1', -1, '-0']) {
      const dataset = readJson('examples/xicheng-2014/dataset.json') as { scores: { score: unknown }[] };
      (dataset.scores[0] as { score: unknown }).score = score;
      expect(dataSchema(dataset), String(score)).toBe(false);
    }
  });

  it("builds the command's program and the library in ASCII, which Node reads into strings of a byte a character", () => {
    // one character beyond ASCII (a regular expression's full-width comma) made the program's whole text two bytes
    // a character: twice the memory to read, check and compile at every start of the command
    for (const file of ['dist/cli.cjs', 'dist/cli-program.cjs', 'dist/index.js', 'dist/index.cjs', 'dist/node.js', 'dist/node.cjs']) {
      const bytes = readFileSync(join(root, file));
      const beyond = bytes.findIndex((byte) => byte > 0x7f);
      expect(beyond < 0 ? 'ASCII' : `${file}: a byte beyond ASCII at ${beyond}: ${bytes.subarray(Math.max(0, beyond - 40), beyond + 8).toString()}`).toBe('ASCII');
    }
  });

  it("takes an error of the ES module build for one of the CommonJS build's classes, and the other way round", async () => {
    // a program whose ES modules import kaoping and whose CommonJS modules require it has two copies of it
    const esm = (await import(join(root, 'dist/index.js'))) as typeof import('../src/index.js');
    const cjs = createRequire(import.meta.url)(join(root, 'dist/index.cjs')) as typeof import('../src/index.js');
    const esmNode = (await import(join(root, 'dist/node.js'))) as typeof import('../src/node.js');
    const cjsNode = createRequire(import.meta.url)(join(root, 'dist/node.cjs')) as typeof import('../src/node.js');
    expect(esm.ValidationError).not.toBe(cjs.ValidationError);
    const thrown = (parse: (input: unknown) => unknown) => {
      try {
        parse({});
      } catch (error) {
        return error;
      }
      throw new Error('an empty rule set was accepted');
    };
    for (const [mine, theirs] of [
      [esm, cjs],
      [cjs, esm],
    ] as const) {
      const error = thrown(theirs.parseRuleSet);
      expect(error instanceof mine.ValidationError).toBe(true);
      expect(error instanceof mine.KaopingError).toBe(true);
      expect(error instanceof Error).toBe(true);
    }
    // an input error is one, and no validation error; a plain error is neither
    const missing = await cjsNode.loadRuleSet(join(root, 'rules/none.json')).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(missing instanceof esmNode.InputError).toBe(true);
    expect(missing instanceof esm.KaopingError).toBe(true);
    expect(missing instanceof esm.ValidationError).toBe(false);
    expect(new Error('x') instanceof esm.KaopingError).toBe(false);
    // a program's own class derived from one of them is known by its own chain alone
    class ConfigError extends esm.KaopingError {}
    expect(new ConfigError('config', 'x') instanceof esm.KaopingError).toBe(true);
    expect(new ConfigError('config', 'x') instanceof cjs.KaopingError).toBe(true);
    expect(thrown(cjs.parseRuleSet) instanceof ConfigError).toBe(false);
    expect(thrown(esm.parseRuleSet) instanceof ConfigError).toBe(false);
    expect(Object.assign(new Error('x'), { code: 'invalid-input', name: 'ValidationError' }) instanceof esm.ValidationError).toBe(false);
  });

  it('points rules/2014.json and the example dataset at the shipped schemas', () => {
    const rules = readJson<{ $schema: string }>('rules/2014.json');
    expect(existsSync(new URL(rules.$schema, new URL('../rules/', import.meta.url)))).toBe(true);
    const dataset = readJson<{ $schema: string }>('examples/xicheng-2014/dataset.json');
    expect(existsSync(new URL(dataset.$schema, new URL('../examples/xicheng-2014/', import.meta.url)))).toBe(true);
  });

  it('keeps the core free of Node: only io/ and cli/ may import node: modules or touch process', () => {
    const offenders = sourceFiles(join(root, 'src'))
      .filter((path) => !/\/src\/(io|cli)\//.test(path))
      .filter((path) => /from ['"](node:[a-z_/]+|fs|path|os|child_process|process)['"/]|\bprocess\.|\brequire\(/.test(_code(readFileSync(path, 'utf8'))))
      .map((path) => path.slice(root.length));
    expect(offenders).toEqual([]);
  });

  it('never evaluates text: no eval or new Function anywhere in src/, and json-rules-engine gets our own path resolver', () => {
    const offenders = sourceFiles(join(root, 'src')).filter((path) => /\beval\(|new Function\(/.test(_code(readFileSync(path, 'utf8'))));
    expect(offenders).toEqual([]);
    expect(readFileSync(join(root, 'src/engine/evaluateStage.ts'), 'utf8')).toContain('pathResolver: resolvePath');
  });

  it("uses only d3-dsv's row functions, never its header parser, the one place in it that builds a function", () => {
    const dsv = readFileSync(join(root, 'node_modules/d3-dsv/src/dsv.js'), 'utf8');
    expect(dsv.match(/new Function\(/g)).toHaveLength(1);
    expect(dsv.lastIndexOf('\nfunction ', dsv.indexOf('new Function('))).toBe(dsv.indexOf('\nfunction objectConverter('));
    const imports = sourceFiles(join(root, 'src')).flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(/import \{([^}]*)\} from 'd3-dsv'/g)].flatMap((match) => (match[1] as string).split(',').map((name) => name.trim())),
    );
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((name) => !['csvFormatRow', 'csvParseRows'].includes(name))).toEqual([]);
    // and no other way in: every line that names the package is such an import
    const lines = sourceFiles(join(root, 'src')).flatMap((path) => readFileSync(path, 'utf8').split('\n').filter((line) => line.includes('d3-dsv') && !/^\s*(\*|\/\/)/.test(line)));
    expect(lines.filter((line) => !/^import \{[^}]*\} from 'd3-dsv';$/.test(line))).toEqual([]);
  });

  it('keeps json-rules-engine inside engine/', () => {
    const offenders = sourceFiles(join(root, 'src'))
      .filter((path) => !path.includes('/src/engine/'))
      .filter((path) => readFileSync(path, 'utf8').includes("from 'json-rules-engine'"))
      .map((path) => path.slice(root.length));
    expect(offenders).toEqual([]);
  });
});

/** The code of a source file without its comments (TSDoc examples may show Node usage). */
function _code(text: string): string {
  return text
    .split('\n')
    .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
    .join('\n');
}
