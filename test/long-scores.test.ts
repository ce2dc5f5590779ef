/**
 * A long scores table (unit, indicator, [subject], score: a score per row) is gathered into wide columns as its
 * rows are read, where its rows allow (a column per indicator's whole scores and per subject's part of one), and
 * kept as rows where they do not. These tests hold both to the plain
 * reading of the table: the rows the dataset gives are the table's rows, in its order, each entry located at its
 * own row; and the columns are checked and appraised as the same rows given as rows.
 */
import fc from 'fast-check';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { appraise, appraiseOnDemand, parseRuleSet, renderJson, validateDataset } from '../src/index.js';
import { _csvRowsOfBytes, csvRows, parseCsvText } from '../src/io/readCsv.js';
import { locateIssue, tablesToDataset, type Converted, type Table, type TableSource } from '../src/io/tables.js';
import { validateLoadedDataset } from '../src/schema/parse.js';
import { loadDataset } from '../src/node.js';
import { _ScoreColumnsGatherer, _scoreColumnsOf, _scoreColumnsOfRows, _withScoreColumns, scoreRowsOf, type ScoreColumns } from '../src/schema/scoreColumns.js';
import { population2014 } from './support/arbitraries.js';
import { ruleSetInput2014 } from './support/load.js';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 40);
const ruleSet = parseRuleSet(ruleSetInput2014());
const LABELS = new Map(ruleSet.indicators.map((indicator) => [indicator.label, indicator.id]));

/**
 * The same population with some of its scores given by subjects instead, each indicator's score split among its
 * subjects by their points: `mode` 0 gives every score whole, 1 every score by subjects, 2 every other unit's by
 * subjects (after a unit with whole scores); `places` writes some parts with other places than two (the same
 * value, or another).
 */
function bySubjects<T extends { scores?: readonly { unit: string; indicator: string; score: unknown }[] | undefined }>(input: T, mode: number, places: number): T {
  if (mode % 3 === 0) return input;
  const rows: Record<string, unknown>[] = [];
  for (const row of input.scores ?? []) {
    const indicator = ruleSet.indicators.find((entry) => entry.id === row.indicator);
    const split = mode % 3 === 1 || Number(row.unit.slice(1)) % 2 === 1;
    if (!indicator || !split) {
      rows.push({ ...row });
      continue;
    }
    const total = Math.round(Number(row.score) * 100);
    let left = total;
    indicator.subjects.forEach((share, k) => {
      const points = Math.round(Number(share.points ?? indicator.points) * 100);
      const last = k === indicator.subjects.length - 1;
      const part = last ? left : Math.min(points, Math.round((total * points) / Math.round(Number(indicator.points) * 100)));
      left -= part;
      const text = (part / 100).toFixed(2);
      // with other places: one fewer where the last is 0, one more always
      const other = (places + k) % 3 === 1 ? (text.endsWith('0') ? text.slice(0, -1) : text) : (places + k) % 3 === 2 ? `${text}5` : text;
      rows.push({ unit: row.unit, indicator: row.indicator, subject: share.subject, score: other });
    });
  }
  return { ...input, scores: rows };
}

/** A table's row: text, or a workbook's number (scores only), or nothing. */
type Row = (string | number | undefined)[];

/** Ways to make a long table's rows wrong, or only different; the numbers pick the row and what is put there. */
type Change = readonly [kind: number, at: number, other: number];

function longTable(input: ReturnType<typeof population2014> extends fc.Arbitrary<infer T> ? T : never, changes: readonly Change[]): { units: Row[]; scores: (Row | null)[] } {
  const units = input.units.map((unit): Row => [unit.id, unit.name, unit.category, unit.trackGroup, unit.dataFlags?.join(';')]);
  // null: a blank line
  const scores: (Row | null)[] = (input.scores ?? []).map((row) => [row.unit, row.indicator, (row as { subject?: string }).subject, String(row.score)]);
  for (const [kind, at, other] of changes) {
    const index = at % Math.max(1, scores.length);
    const row = scores[index];
    switch (kind) {
      case 0: // two rows swapped: a unit's scores out of order, or two units' interleaved
        {
          const b = other % Math.max(1, scores.length);
          const first = scores[index];
          const second = scores[b];
          if (first !== undefined && second !== undefined) [scores[index], scores[b]] = [second, first];
        }
        break;
      case 1: // a row twice
        if (row) scores.splice(other % (scores.length + 1), 0, [...row]);
        break;
      case 2: // a row gone
        scores.splice(index, 1);
        break;
      case 3: // a blank line
        scores.splice(other % (scores.length + 1), 0, null);
        break;
      case 4: // an empty score, one with spaces, one that is not a number, or a workbook's number
        if (row) row[3] = [undefined, ' 30.50 ', '9x', '１２.5', 30.5, 7][other % 6];
        break;
      case 5: // an indicator the rule set does not declare, one given by its label, one with spaces, or none
        if (row) row[1] = ['nope', [...LABELS.keys()][other % LABELS.size] as string, ` ${row[1] ?? ''}\u3000`, undefined][other % 4];
        break;
      case 6: // a score from a subject
        if (row) row[2] = ruleSet.subjects[other % ruleSet.subjects.length]?.id;
        break;
      case 7: // a unit named instead of coded, one not listed, one with spaces, or none
        if (row) row[0] = [units.find((unit) => unit[0] === row[0])?.[1] ?? row[0], 'X9', ` ${row[0] ?? ''} `, undefined][other % 4];
        break;
      case 8: // a whole score besides the parts, a row's subject gone (a whole score among parts), or another of its indicator's subjects
        if (row) {
          const subjects = ruleSet.indicators.find((indicator) => indicator.id === row[1])?.subjects ?? [];
          if (other % 3 === 0) scores.splice(index + (other % 2), 0, [row[0], row[1], undefined, row[3]]);
          else row[2] = other % 3 === 1 ? undefined : subjects[other % Math.max(1, subjects.length)]?.subject;
        }
        break;
    }
  }
  return { units, scores };
}

function asTables(tables: { units: Row[]; scores: (Row | null)[] }): { units: Table; scores: Table } {
  const rows: Table['rows'][number][] = [];
  tables.scores.forEach((cells, i) => rows.push({ row: i + 2, cells: cells ?? [] }));
  return {
    units: { source: 'units.csv', rows: [{ row: 1, cells: ['id', 'name', 'category', 'trackGroup', 'dataFlags'] }, ...tables.units.map((cells, i) => ({ row: i + 2, cells }))] },
    scores: { source: 'scores.csv', rows: [{ row: 1, cells: ['unit', 'indicator', 'subject', 'score'] }, ...rows] },
  };
}

/** Whether a number reads back as a plain decimal of at most 15 digits. */
function typedDecimal(value: number): boolean {
  const text = String(value);
  return /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/.test(text) && text.replace(/^-/, '').replace('.', '').replace(/^0+/, '').length <= 15;
}

/** The score rows a long table gives, read plainly: each row that is not blank, its unit and indicator as ids. */
function plainRows(tables: { units: Row[]; scores: (Row | null)[] }): { row: number; value: Record<string, unknown> }[] {
  const named = (name: string) => tables.units.filter((unit) => unit[1] === name);
  const found: { row: number; value: Record<string, unknown> }[] = [];
  tables.scores.forEach((cells, i) => {
    if (cells === null) return;
    const [unit, indicator, subject, score] = cells.map((cell) => (typeof cell === 'number' ? cell : cell?.trim() === '' ? undefined : cell?.trim()));
    // only scores are ever numbers here
    const byName = typeof unit !== 'string' || tables.units.some((listed) => listed[0] === unit) ? [] : named(unit);
    const value: Record<string, unknown> = {
      unit: byName.length === 1 ? byName[0]?.[0] : unit,
      indicator: typeof indicator !== 'string' ? indicator : (LABELS.get(indicator) ?? indicator),
      // a workbook's number is taken as the decimal it was typed as, where it is one (15 digits at most)
      score: typeof score === 'string' ? score.normalize('NFKC') : typeof score === 'number' && typedDecimal(score) ? String(score) : score,
    };
    if (subject !== undefined) value['subject'] = subject;
    found.push({ row: i + 2, value });
  });
  return found;
}

describe('a long scores table', () => {
  it('gives its rows in order, each at its own row, whether gathered as columns or kept as rows', () => {
    let gathered = 0;
    let bySubject = 0;
    let kept = 0;
    fc.assert(
      fc.property(population2014(8), fc.nat(), fc.nat(), fc.array(fc.tuple(fc.nat({ max: 8 }), fc.nat(), fc.nat()), { maxLength: 4 }), (input, mode, places, changes) => {
        const tables = longTable(bySubjects(input, mode, places), changes);
        const converted = tablesToDataset(asTables(tables), ruleSet);
        const columns = _scoreColumnsOf(converted.input);
        if (columns) gathered++;
        else kept++;
        if (columns?.subjects) bySubject++;
        const expected = plainRows(tables);
        expect(JSON.parse(JSON.stringify(converted.input.scores))).toEqual(JSON.parse(JSON.stringify(expected.map(({ value }) => value))));
        const located = { unit: 'unit', indicator: 'indicator', subject: 'subject', score: 'score' };
        expected.forEach(({ row }, k) => expect(converted.locations.get(`$.scores[${k}]`)).toEqual({ source: 'scores.csv', row, columns: located }));
        expect(converted.locations.get(`$.scores[${expected.length}]`)).toBeUndefined();
      }),
      { numRuns: RUNS * 4 },
    );
    expect(gathered).toBeGreaterThan(0);
    expect(bySubject).toBeGreaterThan(0);
    expect(kept).toBeGreaterThan(0);
  });

  it('gathered as columns, is checked and appraised as the same rows given as rows', async () => {
    let valid = 0;
    let validBySubject = 0;
    let invalid = 0;
    let invalidBySubject = 0;
    await fc.assert(
      fc.asyncProperty(population2014(8), fc.nat(), fc.nat(), fc.array(fc.tuple(fc.nat({ max: 8 }), fc.nat(), fc.nat()), { maxLength: 3 }), async (input, mode, places, changes) => {
        const converted = tablesToDataset(asTables(longTable(bySubjects(input, mode, places), changes)), ruleSet);
        const columns = _scoreColumnsOf(converted.input);
        if (!columns) return;
        const asRows = JSON.parse(JSON.stringify(converted.input)) as unknown;
        const fromColumns = validateLoadedDataset(converted.input, ruleSet);
        const fromRows = validateDataset(asRows, ruleSet);
        const located = (issues: typeof fromRows.issues) => issues.map((issue) => locateIssue(issue, converted.locations));
        expect(located(fromColumns.issues)).toEqual(located(fromRows.issues));
        if (!fromColumns.ok || !fromRows.ok) {
          expect(fromColumns.ok).toBe(fromRows.ok);
          invalid++;
          if (columns.subjects) invalidBySubject++;
          return;
        }
        valid++;
        if (columns.subjects) validBySubject++;
        // the explanations too: each score by subject, in its place, as the rows give it
        expect(renderJson(await appraise(ruleSet, fromColumns.value))).toBe(renderJson(await appraise(ruleSet, fromRows.value)));
        const rows = await appraiseOnDemand(ruleSet, fromRows.value);
        const fromTheColumns = await appraiseOnDemand(ruleSet, fromColumns.value);
        for (let i = 0; i < rows.size; i++) expect(fromTheColumns.outcome(i).indicators).toEqual(rows.outcome(i).indicators);
      }),
      { numRuns: RUNS * 4 },
    );
    expect(valid).toBeGreaterThan(0);
    expect(validBySubject).toBeGreaterThan(0);
    expect(invalid).toBeGreaterThan(0);
    expect(invalidBySubject).toBeGreaterThan(0);
  });
});

describe('the 2014 example given by subjects', () => {
  it("gives the example's outcomes, from a folder whose scores are each subject's parts, named by their labels", async () => {
    const folder = mkdtempSync(join(tmpdir(), 'kaoping-subjects-'));
    try {
      for (const file of readdirSync('examples/xicheng-2014/csv')) copyFileSync(join('examples/xicheng-2014/csv', file), join(folder, file));
      // each score split among its indicator's subjects as the benchmark splits them, the subjects named by their labels
      // @ts-expect-error: the benchmark's generator is plain JavaScript, without types
      const { partsOf } = (await import('../bench/population.mjs')) as { partsOf: (indicator: string, score: string) => [string, string][] };
      const labelOf = new Map(ruleSet.subjects.map((subject) => [subject.id, subject.label]));
      const { value: example } = await loadDataset('examples/xicheng-2014/csv', ruleSet);
      const lines = ['编码,指标,考评主体,得分'];
      for (const row of example.scores) {
        const label = ruleSet.indicators.find((indicator) => indicator.id === row.indicator)?.label;
        for (const [subject, part] of partsOf(row.indicator, Number(row.score).toFixed(2))) lines.push(`${row.unit},${label},${labelOf.get(subject)},${part}`);
      }
      writeFileSync(join(folder, '得分.csv'), `${lines.join('\r\n')}\r\n`);
      const { value: bySubjects } = await loadDataset(folder, ruleSet);
      expect(_scoreColumnsOf(bySubjects)?.subjects).toBeDefined();
      const outcomes = (result: Awaited<ReturnType<typeof appraise>>) =>
        result.units.map((unit) => [unit.id, unit.status, unit.grade, unit.composite, unit.rank, unit.mentions, unit.flags, unit.indicators.map((indicator) => [indicator.score, indicator.rank])]);
      const [fromParts, fromWhole] = [await appraise(ruleSet, bySubjects), await appraise(ruleSet, example)];
      expect(outcomes(fromParts)).toEqual(outcomes(fromWhole));
      expect(fromParts.units[0]?.indicators[0]?.bySubject.map((part) => part.subject)).toEqual(['development-reform', 'supervision-office']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('scores by subjects kept as columns', () => {
  const shares = ruleSet.indicators.flatMap((indicator) => indicator.subjects.map((share) => ({ indicator: indicator.id, subject: share.subject as string | undefined, points: share.points ?? indicator.points })));
  const wholes = ruleSet.indicators.map((indicator) => ({ indicator: indicator.id, subject: undefined as string | undefined, points: indicator.points }));
  /** Columns of the given kinds, a table row per entry of `rows`: its unit, and its score in each column (undefined: none). */
  const columnsOf = (kinds: { indicator: string; subject: string | undefined }[], rows: [string, (string | undefined)[]][]): ScoreColumns => ({
    indicators: kinds.map((kind) => kind.indicator),
    subjects: kinds.map((kind) => kind.subject),
    units: rows.map(([unit]) => unit),
    cells: rows.flatMap(([, cells]) => kinds.map((_, c) => cells[c])),
  });
  const problems = (columns: ScoreColumns) => {
    const units = [...new Set(columns.units)].map((id) => ({ id: id as string, name: `单位${id}`, category: 'department' }));
    const fromColumns = validateLoadedDataset(_withScoreColumns({ units, scores: [] }, columns), ruleSet);
    const fromRows = validateDataset({ units, scores: scoreRowsOf(columns) }, ruleSet);
    expect(fromColumns.issues).toEqual(fromRows.issues);
    return fromColumns.issues.map((issue) => issue.code);
  };
  const full = shares.map((share) => share.points);

  it('pass where every unit has a part from each subject, whole scores besides', () => {
    const kinds = [...shares, ...wholes];
    expect(problems(columnsOf(kinds, [['U0', full], ['U1', [...shares.map(() => undefined), ...wholes.map((kind) => kind.points)]]]))).toEqual([]);
  });

  it.each([
    ['a whole score before its parts', [...wholes, ...shares], [['U0', [wholes[0]?.points, ...wholes.slice(1).map(() => undefined), ...full]]], 'mixed-scores'],
    ['a whole score after its parts', [...shares, ...wholes], [['U0', [...full, wholes[0]?.points]]], 'mixed-scores'],
    ['a part missing', shares, [['U0', [undefined, ...full.slice(1)]]], 'missing-score'],
    [
      'a part in two rows of the table',
      shares,
      [
        ['U0', full],
        ['U0', [full[0]]],
      ],
      'duplicate-score',
    ],
    ["a part over its subject's points", shares, [['U0', ['25.01', ...full.slice(1)]]], 'score-out-of-range'],
    ['a subject the indicator does not have', [{ indicator: 'duties', subject: 'finance' }, ...shares], [['U0', ['1', ...full]]], 'unknown-subject'],
  ] as [string, { indicator: string; subject: string | undefined }[], [string, (string | undefined)[]][], string][])('give the problems of their rows with %s', (_, kinds, rows, code) => {
    expect(problems(columnsOf(kinds, rows))).toContain(code);
  });

  it("are appraised as their rows are, each part in its unit's explanation", async () => {
    const columns = columnsOf(shares, [['U0', full], ['U1', shares.map((share, k) => (k % 2 === 0 ? '1.5' : share.points))]]);
    const units = [{ id: 'U0', name: '甲', category: 'department' }, { id: 'U1', name: '乙', category: 'department' }];
    const fromColumns = validateLoadedDataset(_withScoreColumns({ units, scores: [] }, columns), ruleSet);
    const fromRows = validateDataset({ units, scores: scoreRowsOf(columns) }, ruleSet);
    if (!fromColumns.ok || !fromRows.ok) throw new Error('expected both to pass');
    const result = await appraise(ruleSet, fromColumns.value);
    expect(renderJson(result)).toBe(renderJson(await appraise(ruleSet, fromRows.value)));
    expect(result.units[1]?.indicators[0]?.bySubject).toEqual([
      { subject: 'development-reform', score: '15.00' },
      { subject: 'supervision-office', score: '1.50' },
    ]);
    expect(result.units[1]?.indicators[0]?.score).toBe('16.50');
  });
});

describe('score columns gathered a row at a time', () => {
  const rows = fc.array(
    fc.record(
      { unit: fc.constantFrom('A', 'B', 'C'), indicator: fc.constantFrom('a', 'b', 'c', 'd', 'e'), subject: fc.constantFrom('s', 't'), score: fc.constantFrom('1.00', '2.50', '30') },
      { requiredKeys: ['unit', 'indicator', 'score'] },
    ),
    { maxLength: 40 },
  );

  it('are the columns made from the same rows at once, and stand for the rows in their order', () => {
    fc.assert(
      fc.property(rows, (given) => {
        const gatherer = new _ScoreColumnsGatherer(given.length);
        for (const row of given) gatherer.add(row.unit, row.indicator, row.score, row.subject);
        const atOnce = _scoreColumnsOfRows(given);
        expect(gatherer.rows).toBe(given.length);
        expect(gatherer.sparse).toBe(given.length > 0 && atOnce === undefined);
        const columns = gatherer.columns();
        if (atOnce) expect(columns).toEqual(atOnce);
        // subjects named only where a column has one
        expect('subjects' in columns).toBe(given.some((row) => row.subject !== undefined));
        // the rows, their keys in the dataset schema's order
        const rowsBack = scoreRowsOf(columns);
        expect(rowsBack).toEqual(given);
        rowsBack.forEach((row, i) => expect(Object.keys(row)).toEqual(['unit', 'indicator', ...(given[i]?.subject === undefined ? [] : ['subject']), 'score']));
      }),
      { numRuns: RUNS * 10 },
    );
  });

  it('make room for a column first met after other rows, moving the cells gathered', () => {
    const gatherer = new _ScoreColumnsGatherer(0);
    gatherer.add('A', 'a', '1');
    gatherer.add('B', 'a', '2');
    gatherer.add('B', 'b', '3');
    gatherer.add('C', 'c', '4');
    gatherer.add('C', 'a', '5');
    expect(gatherer.columns()).toEqual({ indicators: ['a', 'b', 'c'], units: ['A', 'B', 'C', 'C'], cells: ['1', undefined, undefined, '2', '3', undefined, undefined, undefined, '4', '5', undefined, undefined] });
  });

  it("keep an indicator's whole scores and each subject's part of it in columns of their own", () => {
    const gatherer = new _ScoreColumnsGatherer(0, new Set(['a', 'a\u0000s', 'a\u0000t']));
    expect(gatherer.add('A', 'a', '1', 's')).toBe(true);
    expect(gatherer.add('A', 'a', '2', 't')).toBe(true);
    expect(gatherer.add('B', 'a', '3')).toBe(true);
    expect(gatherer.add('B', 'a', '4', 'u')).toBe(false);
    expect(gatherer.add('B', 'b', '5')).toBe(false);
    expect(gatherer.columns()).toEqual({ indicators: ['a', 'a', 'a'], subjects: ['s', 't', undefined], units: ['A', 'B'], cells: ['1', '2', undefined, undefined, undefined, '3'] });
  });
});

describe('a long scores table read from CSV text', () => {
  /** How the table is laid out as CSV: its columns' order and headers, a name column, an unknown one, its line breaks, pieces. */
  const layout = fc.record({
    order: fc.shuffledSubarray([0, 1, 2, 3], { minLength: 4, maxLength: 4 }),
    // a name column: none, each unit's own name, none given, another unit's, or with spaces
    name: fc.nat({ max: 4 }),
    aliases: fc.boolean(),
    unknown: fc.boolean(),
    emptyHeader: fc.boolean(),
    noSubjectColumn: fc.boolean(),
    // a cell past the header's in some rows: none, an empty one, or one with a value
    beyond: fc.nat({ max: 2 }),
    crlf: fc.boolean(),
    // 0: read as one text; otherwise in pieces of about that many bytes
    pieceBytes: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 200 })),
  });
  const FIELDS = ['unit', 'indicator', 'subject', 'score'] as const;
  const ALIASES: Record<string, string> = { unit: '编码', name: '名称', indicator: '指标', subject: '考评主体', score: '得分' };

  /** The table as header and rows of text, laid out so; undefined where a cell would need quotes, or a subject its column. */
  function laidOut(tables: { units: Row[]; scores: (Row | null)[] }, shape: typeof layout extends fc.Arbitrary<infer T> ? T : never): (string[] | null)[] | undefined {
    const withSubject = !shape.noSubjectColumn || tables.scores.some((row) => row !== null && row[2] !== undefined);
    const fields: string[] = shape.order.map((k) => FIELDS[k] as string).filter((field) => withSubject || field !== 'subject');
    if (shape.name > 0) fields.splice(1, 0, 'name');
    if (shape.unknown) fields.push('note');
    const header = fields.map((field) => (shape.aliases ? (ALIASES[field] ?? '备注') : field));
    if (shape.emptyHeader) header.push('');
    const nameOf = new Map(tables.units.map((unit) => [unit[0], unit[1]]));
    const rows = tables.scores.map((row, i): string[] | null => {
      if (row === null) return null;
      const cells = fields.map((field) => {
        if (field === 'note') return i % 3 === 0 ? '' : 'n';
        if (field === 'name') {
          const own = nameOf.get(row[0] as string);
          return [own, '', nameOf.get(tables.units[i % tables.units.length]?.[0] as string), ` ${own ?? ''} `][(shape.name - 1) % 4];
        }
        const cell = row[FIELDS.indexOf(field as (typeof FIELDS)[number])];
        return cell === undefined ? '' : String(cell);
      });
      const texts = cells.map((cell) => (cell === undefined ? '' : String(cell)));
      if (shape.beyond > 0 && i % 5 === 2) texts.push(...Array.from({ length: header.length - texts.length }, () => ''), shape.beyond === 1 ? '' : 'x');
      return texts;
    });
    const all = [header, ...rows.filter((row) => row !== null)];
    if (all.some((cells) => cells.some((cell) => /[",\r\n]/.test(cell)))) return undefined;
    return [header, ...rows];
  }

  /**
   * The same table read three ways: as a table of rows, as CSV text read as records (its rows handed over by a
   * generator, which gives no lines), and as CSV text, read in place where it can be; and the progress told by the
   * last two.
   */
  function readThreeWays(tables: { units: Row[]; scores: (Row | null)[] }, rows: (string[] | null)[], shape: typeof layout extends fc.Arbitrary<infer T> ? T : never, ways = [0, 1, 2]) {
    const { units } = asTables(tables);
    const progress: unknown[][] = [[], [], []];
    const asRows: Table = { source: 'scores.csv', rows: rows.map((cells, i) => ({ row: i + 1, cells: cells ?? [] })) };
    const text = rows.map((cells) => (cells ?? []).join(',')).join(shape.crlf ? '\r\n' : '\n');
    const fromText = () => (shape.pieceBytes === 0 ? csvRows(text, 'scores.csv') : _csvRowsOfBytes(Buffer.from(text, 'utf8'), 'scores.csv', undefined, shape.pieceBytes));
    const asRecords = () => {
      const read = fromText();
      return {
        ...read,
        rows: (function* () {
          yield* read.rows;
        })(),
      };
    };
    const sources: TableSource[] = [asRows, asRecords, fromText];
    const results = ways.map((way) => tablesToDataset({ units, scores: sources[way] as TableSource }, ruleSet, 'dataset', (step) => progress[way]?.push(step)));
    return { results, progress };
  }

  it('gives what its rows give as a table: the same scores, columns, locations, problems and progress', () => {
    let laid = 0;
    let inPieces = 0;
    let withProblems = 0;
    let gathered = 0;
    fc.assert(
      fc.property(population2014(6), fc.nat(), fc.nat(), fc.array(fc.tuple(fc.nat({ max: 8 }), fc.nat(), fc.nat()), { maxLength: 4 }), layout, (input, mode, places, changes, shape) => {
        const tables = longTable(bySubjects(input, mode, places), changes);
        const rows = laidOut(tables, shape);
        if (rows === undefined) return;
        laid++;
        if (shape.pieceBytes > 0) inPieces++;
        const { results, progress } = readThreeWays(tables, rows, shape);
        const [asTable, asRecords, inPlace] = results as [Converted, Converted, Converted];
        if (asRecords.issues.length > 0) withProblems++;
        const columns = _scoreColumnsOf(inPlace.input);
        if (columns) gathered++;
        for (const other of [asTable, asRecords]) {
          expect(JSON.stringify(columns)).toBe(JSON.stringify(_scoreColumnsOf(other.input)));
          expect(JSON.stringify(inPlace.input)).toBe(JSON.stringify(other.input));
          expect(inPlace.issues).toEqual(other.issues);
          const entries = (inPlace.input.scores ?? []).length;
          for (let k = 0; k <= entries; k++) expect(inPlace.locations.get(`$.scores[${k}]`)).toEqual(other.locations.get(`$.scores[${k}]`));
        }
        // (a table's blank row is a row, where a blank line of text is none)
        expect(progress[2]).toEqual(progress[1]);
      }),
      { numRuns: RUNS * 8 },
    );
    expect(laid).toBeGreaterThan(RUNS * 4);
    expect(inPieces).toBeGreaterThan(0);
    expect(withProblems).toBeGreaterThan(0);
    expect(gathered).toBeGreaterThan(0);
  });

  it('reads each plain row in place, into the column the rows before it make likely', () => {
    // each row gathered by its column, not looked up by its indicator and subject, but where a column is first met
    const add = vi.spyOn(_ScoreColumnsGatherer.prototype, 'add');
    const addTo = vi.spyOn(_ScoreColumnsGatherer.prototype, 'addTo');
    try {
      fc.assert(
        fc.property(population2014(6), fc.nat(), layout, (input, mode, shape) => {
          // every score whole, or every score by subjects (half the units' scores by subjects spread the columns too thin)
          const tables = longTable(bySubjects(input, mode % 2, 0), []);
          // every score with two places (a part with another number of places is read as a record)
          for (const row of tables.scores) if (row) row[3] = Number(row[3]).toFixed(2);
          const rows = laidOut(tables, { ...shape, name: shape.name % 2, unknown: false, emptyHeader: false, beyond: 0 });
          if (rows === undefined || rows.length < 2) return;
          add.mockClear();
          addTo.mockClear();
          const inPlace = readThreeWays(tables, rows, shape, [2]).results[0] as Converted;
          const columns = _scoreColumnsOf(inPlace.input);
          expect(columns).toBeDefined();
          // a row read as a record, or first of its column, is added by its indicator (and through addTo)
          expect(add.mock.calls.length).toBeLessThanOrEqual(columns?.indicators.length ?? 0);
          expect(addTo.mock.calls.length).toBe(rows.length - 1);
        }),
        { numRuns: RUNS },
      );
    } finally {
      add.mockRestore();
      addTo.mockRestore();
    }
  });
});

describe('a long scores table read from CSV text, its columns grown sparse', () => {
  it('is kept as rows from where a table read as records would keep them so', () => {
    // units with whole scores and units with parts, in turn: more than twice as many cells as rows by the 65,536th row
    const subjectsOf = new Map(ruleSet.indicators.map((indicator) => [indicator.id, indicator.subjects.map((share) => share.subject)]));
    const unitRows: Table['rows'][number][] = [{ row: 1, cells: ['id', 'name', 'category'] }];
    const lines = ['unit,indicator,subject,score'];
    for (let u = 0; lines.length <= 70000; u++) {
      const id = `D${u}`;
      unitRows.push({ row: u + 2, cells: [id, `d${u}`, 'department'] });
      for (const indicator of ruleSet.indicators) {
        if (u % 2 === 0) lines.push(`${id},${indicator.id},,1.00`);
        else for (const subject of subjectsOf.get(indicator.id) ?? []) lines.push(`${id},${indicator.id},${subject},0.50`);
      }
    }
    const units: Table = { source: 'units.csv', rows: unitRows };
    const text = lines.join('\n');
    const inPlace = tablesToDataset({ units, scores: () => csvRows(text, 'scores.csv') }, ruleSet);
    const asRecords = tablesToDataset({ units, scores: parseCsvText(text, 'scores.csv') }, ruleSet);
    expect(_scoreColumnsOf(inPlace.input)).toBeUndefined();
    expect(_scoreColumnsOf(asRecords.input)).toBeUndefined();
    expect(JSON.stringify(inPlace.input.scores)).toBe(JSON.stringify(asRecords.input.scores));
  });
});

describe('a long scores table read from CSV text, of more rows than a hundredth of them tells', () => {
  it('tells the progress read as records tells, each hundredth and the last row', () => {
    // 13 units of 9 rows: 117 rows, told every second one and at the 117th
    const units: Table = { source: 'units.csv', rows: [{ row: 1, cells: ['id', 'name', 'category'] }, ...Array.from({ length: 13 }, (_, u) => ({ row: u + 2, cells: [`D${u}`, `d${u}`, 'department'] }))] };
    const lines = ['unit,indicator,score', ...Array.from({ length: 13 }, (_, u) => ruleSet.indicators.map((indicator) => `D${u},${indicator.id},1.00`)).flat()];
    const text = lines.join('\n');
    const told = (rows: () => TableSource) => {
      const steps: number[] = [];
      tablesToDataset({ units, scores: rows() }, ruleSet, 'dataset', (step) => {
        if (step.stage === 'scores.csv') steps.push(step.done);
      });
      return steps;
    };
    const inPlace = told(() => () => csvRows(text, 'scores.csv'));
    const asRecords = told(() => parseCsvText(text, 'scores.csv'));
    expect(inPlace).toEqual(asRecords);
    expect(inPlace.at(-1)).toBe(117);
    expect(inPlace).toHaveLength(59);
  });
});

describe('a long scores table read from CSV text, in place, as one long text', () => {
  it('tells the progress as its rows are read, not once they all are', () => {
    // 2,000 units of 9 rows in one text: a hundredth is 180 rows, told within a few thousand rows of being read
    const units: Table = { source: 'units.csv', rows: [{ row: 1, cells: ['id', 'name', 'category'] }, ...Array.from({ length: 2000 }, (_, u) => ({ row: u + 2, cells: [`D${u}`, `d${u}`, 'department'] }))] };
    const text = ['unit,indicator,score', ...Array.from({ length: 2000 }, (_, u) => ruleSet.indicators.map((indicator) => `D${u},${indicator.id},1.00`)).flat()].join('\n');
    const addTo = vi.spyOn(_ScoreColumnsGatherer.prototype, 'addTo');
    try {
      const gatheredWhenTold: [number, number][] = [];
      tablesToDataset({ units, scores: () => csvRows(text, 'scores.csv') }, ruleSet, 'dataset', (step) => {
        if (step.stage === 'scores.csv') gatheredWhenTold.push([step.done, addTo.mock.calls.length]);
      });
      expect(gatheredWhenTold).toHaveLength(100);
      for (const [done, gathered] of gatheredWhenTold) expect(Math.abs(gathered - done)).toBeLessThanOrEqual(4096);
      expect(gatheredWhenTold[0]?.[1]).toBeLessThan(18000);
    } finally {
      addTo.mockRestore();
    }
  });
});

describe('a long scores table read from CSV text, whose unit ids are not their own codes', () => {
  it('reads them as a record does', () => {
    // NFKC turns U+00A8 into a space and a combining mark: the units table keeps the id it gives, which trimming
    // and normalising a cell of the same text again does not give back
    const id = '\u00a8U1'.normalize('NFKC');
    const units: Table = { source: 'units.csv', rows: [{ row: 1, cells: ['id', 'name', 'category'] }, { row: 2, cells: ['\u00a8U1', 'n1', 'department'] }] };
    const text = `unit,indicator,score\n${id},duties,5.00\n${id},lawful,4.00\n`;
    const inPlace = tablesToDataset({ units, scores: () => csvRows(text, 'scores.csv') }, ruleSet);
    const asRecords = tablesToDataset({ units, scores: parseCsvText(text, 'scores.csv') }, ruleSet);
    expect(JSON.stringify(inPlace.input)).toBe(JSON.stringify(asRecords.input));
    expect(inPlace.issues).toEqual(asRecords.issues);
  });
});

describe('a long scores table read from CSV text, where a unit id has a comma in it', () => {
  it('reads the id as the cells the line has, as a record would', () => {
    const units: Table = { source: 'units.csv', rows: [{ row: 1, cells: ['id', 'name', 'category'] }, { row: 2, cells: ['X', 'x', 'department'] }, { row: 3, cells: ['A,B', 'ab', 'department'] }] };
    const text = 'unit,indicator,score\nX,duties,24.00\nA,B,duties,24.00\n';
    const inPlace = tablesToDataset({ units, scores: () => csvRows(text, 'scores.csv') }, ruleSet);
    const asRecords = tablesToDataset({ units, scores: parseCsvText(text, 'scores.csv') }, ruleSet);
    expect(inPlace.issues).toEqual(asRecords.issues);
    expect(inPlace.issues.map((issue) => issue.message)).toEqual(['a value with no column header: "24.00"']);
    expect(JSON.stringify(inPlace.input)).toBe(JSON.stringify(asRecords.input));
    expect(inPlace.input.scores?.[1]).toEqual({ unit: 'A', indicator: 'B', score: 'duties' });
  });
});
