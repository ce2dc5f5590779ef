import { Buffer } from 'node:buffer';
import { _read, _ReadRows } from './readCsv.js';
import { Decimal } from '../scoring/decimal.js';
import { InputError } from './InputError.js';
import type { Cell, Table, TableProgress, TableRow, TableRows } from './tables.js';

/**
 * Reads every worksheet of an XLSX workbook as a table, by sheet name. Numbers stay numbers (the
 * dataset schema accepts those a decimal string would spell the same way); a formula gives its result;
 * rich text its text; a date its ISO form, and a percentage as it shows (`35.5%`), which validation then
 * refuses where a number belongs. A cell
 * of a merged range gives the value of the range's first cell, as the range shows it.
 *
 * The workbook's parts (SpreadsheetML in a ZIP file) are read one at a time with fflate and saxes: each found
 * through the ZIP file's central directory and inflated, its XML parsed a megabyte at a time, and of a worksheet
 * only its cells' values kept, compactly, each sheet's table giving its rows one at a time.
 *
 * @param path - the workbook
 * @param source - its name for messages
 * @param onProgress - told as each sheet's rows are read (`phase` is `opening`): `done` counts the rows read, up
 *   to `total`, the rows the sheet has (counted first, when progress is asked for)
 * @returns tables by sheet name
 * @throws {@link InputError} when the file is not a readable workbook
 */
export async function readXlsx(path: string, source: string, onProgress?: TableProgress): Promise<Map<string, Table | TableRows>> {
  return _xlsxTables(await _read(path, source), source, { scan: true, piece: _PIECE, ...(onProgress ? { onProgress } : {}) });
}

/**
 * A workbook's tables from its file's bytes (see {@link readXlsx}).
 *
 * @param file - the workbook's file
 * @param source - its name for messages
 * @returns tables by sheet name
 * @throws {@link InputError} when the file is not a readable workbook
 */
export async function _xlsxTables(file: Uint8Array, source: string, sheets: _SheetReading = { scan: true, piece: _PIECE }): Promise<Map<string, Table | TableRows>> {
  const [{ unzipSync }, { SaxesParser }] = await Promise.all([import('fflate'), import('saxes')]);
  const parse = (xml: Uint8Array | string, handlers: _XmlHandlers): void => {
    const parser = new SaxesParser({ position: false });
    parser.on('opentag', (tag) => handlers.open?.(_localName(tag.name), tag.attributes as Record<string, string>));
    parser.on('closetag', (tag) => handlers.close?.(_localName(tag.name)));
    if (handlers.text) {
      const text = (value: string) => handlers.text?.(value);
      parser.on('text', text);
      parser.on('cdata', text);
    }
    if (typeof xml === 'string') {
      parser.write(xml).close();
      return;
    }
    // parsed a megabyte at a time: a large sheet's XML is never one string
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let at = 0; at < xml.length; at += _PIECE) parser.write(decoder.decode(xml.subarray(at, at + _PIECE), { stream: true }));
    parser.write(decoder.decode()).close();
  };
  const bytes = (name: string): Uint8Array | undefined => {
    // found through the ZIP file's central directory, and inflated whole: one part at a time is in memory, and no
    // more of it than its entry says it holds. Part names are told apart without regard to case
    const wanted = name.toLowerCase();
    let found: string | undefined;
    return unzipSync(file, {
      filter: (entry) => {
        if (found !== undefined || entry.name.toLowerCase() !== wanted) return false;
        found = entry.name;
        if (entry.originalSize > _LARGEST_PART) {
          const size = `${(entry.originalSize / 2 ** 30).toFixed(1)} GiB`;
          throw new InputError('too-large', source, `the workbook's part ${name} is ${size} once inflated, more than the ${_LARGEST_PART / 2 ** 30} GiB a part may be; save its sheets as CSV files`);
        }
        return true;
      },
    })[found ?? name];
  };
  const zip: _Zip = {
    bytes,
    parse,
    part(name, handlers) {
      const found = bytes(name);
      if (found !== undefined) parse(found, handlers);
      return found !== undefined;
    },
  };
  try {
    return _readWorkbook(zip, source, sheets);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError('invalid-xlsx', source, _notAWorkbook(file), undefined, { cause: error });
  }
}

/** The first bytes of a compound file (OLE2): an Excel 97–2003 workbook, or an XLSX workbook encrypted with a password. */
const _COMPOUND_FILE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** The name of the stream an encrypted XLSX workbook keeps itself in, as a compound file's directory spells it. */
const _ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');

/**
 * What a file that is no readable XLSX workbook is, as far as its bytes tell: Excel and WPS save a workbook with a
 * password ("Encrypt with Password") as a compound file holding the encrypted workbook, and an older workbook
 * renamed to .xlsx is a compound file too.
 */
function _notAWorkbook(file: Uint8Array): string {
  const bytes = Buffer.from(file.buffer, file.byteOffset, file.length);
  if (!bytes.subarray(0, _COMPOUND_FILE.length).equals(_COMPOUND_FILE)) return 'not a readable XLSX workbook (is it corrupt, or an older .xls file? save it as .xlsx)';
  if (bytes.includes(_ENCRYPTED_PACKAGE)) {
    return 'a workbook protected by a password, which kaoping cannot open; remove the password (in Excel: File > Info > Protect Workbook > Encrypt with Password, and clear it) and save it again';
  }
  return 'an Excel 97–2003 workbook named as .xlsx, a format kaoping does not read; save it as an .xlsx workbook (Excel Workbook) or its sheets as CSV';
}

/** What a part's XML is handed to: elements by their local names (the name without its prefix), and text. */
interface _XmlHandlers {
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  text?(text: string): void;
}

/**
 * How worksheets are read: their rows scanned where they can be (see {@link _scanSheet}), so many bytes decoded
 * at a time, or parsed as XML; the tests hold the one to the other.
 */
export interface _SheetReading {
  readonly scan: boolean;
  readonly piece: number;
  /** the most text carried from one piece to the next, unread, before the sheet is left to the parser */
  readonly carried?: number;
  /** told, for each worksheet, whether its rows were scanned */
  readonly told?: (part: string, scanned: boolean) => void;
  /** told as each sheet's rows are read (see {@link readXlsx}) */
  readonly onProgress?: TableProgress;
}

/** A workbook's ZIP file, whose parts are parsed as XML. */
interface _Zip {
  /** The part of that name, inflated, or undefined where there is none. */
  bytes(name: string): Uint8Array | undefined;
  /** Parses XML with the handlers given. */
  parse(xml: Uint8Array | string, handlers: _XmlHandlers): void;
  /** Parses the part of that name, if there is one, with the handlers given: whether there was one. */
  part(name: string, handlers: _XmlHandlers): boolean;
}

/**
 * The most a part of a workbook may hold once inflated: 2 GiB, some four times a sheet of a million rows of
 * sixteen cells, Excel's most rows. A ZIP file's entry inflates to a thousand times its size or more.
 */
const _LARGEST_PART = 2 ** 31;

/** How many bytes of a part's XML are decoded and parsed at a time. */
const _PIECE = 1 << 20;

/** An element's name without its namespace prefix (`x:row` is `row`). */
function _localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}

/** The relationship types this reader follows, by the end of their URI (transitional and strict alike). */
const _OFFICE_DOCUMENT = '/officeDocument';
const _WORKSHEET = '/worksheet';
const _SHARED_STRINGS = '/sharedStrings';
const _STYLES = '/styles';

/**
 * Reads a workbook's worksheets: the workbook part named by the package's relationships, its sheets and their
 * parts by its own, the shared strings and the styles (which tell dates from numbers), then each sheet's rows.
 */
function _readWorkbook(zip: _Zip, source: string, sheets: _SheetReading): Map<string, Table | TableRows> {
  const packageRels = _relationships(zip, '', '_rels/.rels');
  const workbookPart = [...packageRels.values()].find((rel) => rel.type.endsWith(_OFFICE_DOCUMENT))?.target ?? 'xl/workbook.xml';
  const listed: { name: string; id: string }[] = [];
  let date1904 = false;
  const found = zip.part(workbookPart, {
    open(name, attributes) {
      if (name === 'workbookPr') date1904 = _isTrue(attributes['date1904']);
      else if (name === 'sheet') {
        const id = Object.entries(attributes).find(([key]) => key.endsWith(':id'))?.[1];
        if (attributes['name'] !== undefined && id !== undefined) listed.push({ name: attributes['name'], id });
      }
    },
  });
  if (!found) throw new Error(`no workbook part (${workbookPart})`);
  const slash = workbookPart.lastIndexOf('/');
  const rels = _relationships(zip, workbookPart.slice(0, slash + 1), `${workbookPart.slice(0, slash + 1)}_rels/${workbookPart.slice(slash + 1)}.rels`);
  const targetOf = (type: string) => [...rels.values()].find((rel) => rel.type.endsWith(type))?.target;
  const shared = _sharedStrings(zip, targetOf(_SHARED_STRINGS));
  const shown = _shownStyles(zip, targetOf(_STYLES));

  // each worksheet's part (a sheet whose relationship is not a worksheet's, a chart sheet, is not a table)
  const parts = new Map<string, string>();
  for (const sheet of listed) {
    const rel = rels.get(sheet.id);
    if (rel?.type.endsWith(_WORKSHEET)) parts.set(rel.target, sheet.name);
  }
  const tables = new Map<string, Table | TableRows>();
  for (const [part, name] of parts) {
    const stage = `${source} [${name}]`;
    const onProgress = sheets.onProgress;
    const told = onProgress && ((done: number, total: number) => onProgress({ phase: 'opening', stage, done, total }));
    const rows = _sheetRows(zip, part, (total) => new _SheetRows(shared, shown, date1904, told && total > 0 ? { total, told } : undefined), sheets);
    if (!rows) throw new Error(`no part ${part} for sheet ${name}`);
    tables.set(name.trim(), rows.table(`${source} [${name}]`));
  }
  return tables;
}

/** A relationship: its type (a URI) and its target, as the name of a part of the package. */
interface _Relationship {
  readonly type: string;
  readonly target: string;
}

/** A part's relationships by id; none where the part has no relationships part. */
function _relationships(zip: _Zip, folder: string, part: string): Map<string, _Relationship> {
  const rels = new Map<string, _Relationship>();
  zip.part(part, {
    open(name, attributes) {
      const { Id: id, Type: type, Target: target, TargetMode: mode } = attributes;
      if (name === 'Relationship' && id !== undefined && type !== undefined && target !== undefined && mode !== 'External') rels.set(id, { type, target: _partName(folder, target) });
    },
  });
  return rels;
}

/** A relationship's target as a part's name: from the package's root where it starts with a slash, else from the folder of the part it is of. */
function _partName(folder: string, target: string): string {
  const path: string[] = [];
  // a target is a URI: its characters may be written %HH
  let decoded = target;
  try {
    decoded = decodeURIComponent(target);
  } catch {
    // not a URI's escapes: taken as it is
  }
  for (const step of (decoded.startsWith('/') ? decoded.slice(1) : folder + decoded).split('/')) {
    if (step === '..') path.pop();
    else if (step !== '.' && step !== '') path.push(step);
  }
  return path.join('/');
}

/** Whether an XML boolean attribute is true. */
function _isTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}

/**
 * The shared strings, in order: each the text of its runs, phonetic guides left out, with the characters
 * SpreadsheetML writes as `_xHHHH_` (a line break, a tab) given back.
 */
function _sharedStrings(zip: _Zip, part: string | undefined): string[] {
  const strings: string[] = [];
  if (part === undefined) return strings;
  const text = new _RunText();
  zip.part(part, {
    open(name) {
      if (name === 'si') text.start();
      else text.open(name);
    },
    close(name) {
      if (name === 'si') strings.push(text.end());
      else text.close(name);
    },
    text: (value) => text.add(value),
  });
  return strings;
}

/** The text of a rich or plain string (`<si>`, `<is>`): its `<t>` elements', those of phonetic guides (`<rPh>`) left out. */
class _RunText {
  #text = '';
  #inText = false;
  #inPhonetic = false;

  start(): void {
    this.#text = '';
    this.#inText = false;
    this.#inPhonetic = false;
  }

  open(name: string): void {
    if (name === 't') this.#inText = true;
    else if (name === 'rPh') this.#inPhonetic = true;
  }

  close(name: string): void {
    if (name === 't') this.#inText = false;
    else if (name === 'rPh') this.#inPhonetic = false;
  }

  add(value: string): void {
    if (this.#inText && !this.#inPhonetic) this.#text += value;
  }

  end(): string {
    const text = this.#text;
    this.#text = '';
    return _unescaped(text);
  }
}

/** A text with the characters SpreadsheetML writes as `_xHHHH_` given back. */
function _unescaped(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : text;
}

/**
 * Built-in number formats that show a date or time: 14–22 and 45–47, and the East Asian ones, 27–36 and 50–58
 * (such as `yyyy"年"m"月"d"日"`, which a workbook saved on Chinese Windows gives its dates).
 */
function _builtInDate(id: number): boolean {
  return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/** How a cell style shows a number: as it is, as a date or time, or as a percentage (a hundred times it, and `%`). */
const _AS_IT_IS = 0;
const _AS_DATE = 1;
const _AS_PERCENT = 2;
type _Shown = typeof _AS_IT_IS | typeof _AS_DATE | typeof _AS_PERCENT;

/** How a built-in number format shows a number: 9 and 10 (`0%`, `0.00%`) as a percentage. */
function _builtInShown(id: number): _Shown {
  return _builtInDate(id) ? _AS_DATE : id === 9 || id === 10 ? _AS_PERCENT : _AS_IT_IS;
}

/**
 * How a number format's code shows a number: as a date or time where it has a y, m, d, h, s or b, as a percentage
 * where it has a `%`; each not in quotes or brackets, nor a character written as it is (`\\m`), a space as wide
 * as one (`_m`) or one repeated to fill the cell (`*m`).
 */
function _codeShown(code: string): _Shown {
  const shown = code.replace(/\[[^\]]*\]/g, '').replace(/"[^"]*"/g, '').replace(/[\\_*]./g, '');
  return /[ymdhMsb]/.test(shown) ? _AS_DATE : shown.includes('%') ? _AS_PERCENT : _AS_IT_IS;
}

/** A number a cell shows as a percentage, as it shows it (without its decimals' zeros): 0.955 is `95.5%`. */
function _percentOf(number: number): string {
  return `${new Decimal(String(number)).times(100).toFixed()}%`;
}

/** How each cell style (by index, a cell's `s`) shows a number. */
function _shownStyles(zip: _Zip, part: string | undefined): _Shown[] {
  const codes = new Map<number, string>();
  const formats: number[] = [];
  if (part === undefined) return [];
  let inCellFormats = false;
  // the workbook's own formats, not those of conditional formats (<dxfs>), which may use the same ids
  let inFormats = false;
  zip.part(part, {
    open(name, attributes) {
      if (name === 'numFmt' && inFormats && attributes['numFmtId'] !== undefined) codes.set(Number(attributes['numFmtId']), attributes['formatCode'] ?? '');
      else if (name === 'numFmts') inFormats = true;
      else if (name === 'cellXfs') inCellFormats = true;
      else if (name === 'xf' && inCellFormats) formats.push(Number(attributes['numFmtId'] ?? 0));
    },
    close(name) {
      if (name === 'cellXfs') inCellFormats = false;
      else if (name === 'numFmts') inFormats = false;
    },
  });
  return formats.map((id) => {
    const code = codes.get(id);
    return code === undefined ? _builtInShown(id) : _codeShown(code);
  });
}

/** A cell reference's column, from 1: `C7` is 3; 0 where it has none. */
function _columnOf(reference: string): number {
  let column = 0;
  for (let k = 0; k < reference.length; k++) {
    const code = reference.charCodeAt(k);
    if (code >= 65 && code <= 90) column = column * 26 + code - 64;
    else if (code >= 97 && code <= 122) column = column * 26 + code - 96;
    else break;
  }
  return column;
}

/** A cell reference's row, from 1: `C7` is 7; 0 where it has none. */
function _rowOf(reference: string): number {
  const row = Number(reference.slice(reference.search(/\d/)));
  return Number.isInteger(row) && row > 0 ? row : 0;
}

/** A date serial as a date's ISO form, in a workbook whose dates count from 1900 or from 1904. */
function _dateOf(serial: number, date1904: boolean): Cell {
  // as exceljs reckons it, step by step, to the millisecond
  const date = new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
  return Number.isNaN(date.getTime()) ? serial : date.toISOString();
}

/**
 * A worksheet's rows, as its XML is parsed: each row's cells by column (from 0), each with its value (see
 * {@link readXlsx}); rows without a value are left out, and merged ranges are filled in at the end.
 */
class _SheetRows implements _XmlHandlers {
  /**
   * The rows read, kept compact: each row's number, and where its cells end among all cells; each cell's kind (none,
   * a text or a number), the texts in order, and the numbers in order, in a typed array. A million rows of ten
   * cells, kept as an object, an array and ten numbers each, were some eleven million objects for the collector to
   * go through again and again while the sheet was read.
   */
  readonly #rowNumbers: number[] = [];
  readonly #rowEnds: number[] = [];
  #kinds = new Uint8Array(1024);
  #cellCount = 0;
  readonly #texts: string[] = [];
  #numbers = new Float64Array(1024);
  #numberCount = 0;
  readonly #merges: string[] = [];
  readonly #text = new _RunText();
  #row = 0;
  readonly #cells: Cell[] = [];
  /** how many of the cells the row being read has: up to its last with a value */
  #width = 0;
  #column = 0;
  #type = 'n';
  #style = 0;
  #value: string | undefined;
  #inValue = false;
  #inInline = false;
  #inline: string | undefined;

  /** how many rows have begun, and at how many progress is told next */
  #seen = 0;
  #next = 0;

  constructor(
    private readonly shared: readonly string[],
    /** how each cell style shows a number */
    private readonly shown: readonly _Shown[],
    private readonly date1904: boolean,
    /** told as rows are read, about a hundred times, from none to all of the rows the sheet has */
    private readonly progress?: { readonly total: number; readonly told: (done: number, total: number) => void },
  ) {
    progress?.told(0, progress.total);
  }

  /** The sheet has been read: its progress told to the end. */
  finish(): void {
    this.progress?.told(this.progress.total, this.progress.total);
  }

  /** A row begins, numbered by its reference or else as the one after the row before. */
  startRow(reference: string | undefined): void {
    this.startRowNumbered(Number(reference));
  }

  /** A row begins, numbered as its reference reads as a number (NaN where it has none): see {@link startRow}. */
  startRowNumbered(row: number): void {
    this.#row = Number.isInteger(row) && row > 0 ? row : this.#row + 1;
    // one list of cells serves every row: each is kept compact when it ends, and its slots emptied for the next
    for (let k = 0; k < this.#width; k++) this.#cells[k] = undefined;
    this.#width = 0;
    this.#column = 0;
    const progress = this.progress;
    if (progress !== undefined && ++this.#seen >= this.#next && this.#seen < progress.total) {
      progress.told(this.#seen, progress.total);
      this.#next = this.#seen + Math.ceil(progress.total / 100);
    }
  }

  /** A cell begins, in the column of its reference or else the one after the cell before, of a type and style. */
  startCell(reference: string | undefined, type: string | undefined, style: string | undefined): void {
    this.startCellAt(reference === undefined ? 0 : _columnOf(reference), type, style === undefined ? 0 : Number(style));
  }

  /** A cell begins, its reference's column (0 where it has none) and its style read: see {@link startCell}. */
  startCellAt(column: number, type: string | undefined, style: number): void {
    this.#column = column > 0 ? column : this.#column + 1;
    this.#type = type ?? 'n';
    this.#style = style;
    this.#value = undefined;
    this.#inline = undefined;
  }

  /** The cell's value as written (`<v>`). */
  value(text: string): void {
    this.#value = text;
  }

  /** The cell's text in the cell (`<is>`). */
  inline(text: string): void {
    this.#inline = text;
  }

  endCell(): void {
    const value = this.#cellValue();
    if (value === undefined) return;
    this.#cells[this.#column - 1] = value;
    if (this.#column > this.#width) this.#width = this.#column;
  }

  endRow(): void {
    const cells = this.#cells;
    const width = this.#width;
    if (width === 0) return;
    if (this.#cellCount + width > this.#kinds.length) this.#kinds = _grown(this.#kinds, this.#cellCount + width);
    if (this.#numberCount + width > this.#numbers.length) this.#numbers = _grown(this.#numbers, this.#numberCount + width);
    for (let k = 0; k < width; k++) {
      const cell = cells[k];
      if (cell === undefined) this.#kinds[this.#cellCount++] = _NO_VALUE;
      else if (typeof cell === 'number') {
        this.#kinds[this.#cellCount++] = _NUMBER;
        this.#numbers[this.#numberCount++] = cell;
      } else {
        this.#kinds[this.#cellCount++] = _TEXT;
        this.#texts.push(cell);
      }
    }
    this.#rowNumbers.push(this.#row);
    this.#rowEnds.push(this.#cellCount);
  }

  /** A merged range (`A1:B2`). */
  merge(range: string): void {
    this.#merges.push(range);
  }

  open(name: string, attributes: Record<string, string>): void {
    switch (name) {
      case 'row':
        this.startRow(attributes['r']);
        break;
      case 'c':
        this.startCell(attributes['r'], attributes['t'], attributes['s']);
        break;
      case 'v':
        this.#inValue = true;
        this.#value = '';
        break;
      case 'is':
        this.#inInline = true;
        this.#text.start();
        break;
      case 'mergeCell':
        if (attributes['ref'] !== undefined) this.merge(attributes['ref']);
        break;

      default:
        if (this.#inInline) this.#text.open(name);
    }
  }

  text(value: string): void {
    if (this.#inValue) this.#value += value;
    else if (this.#inInline) this.#text.add(value);
  }

  close(name: string): void {
    switch (name) {
      case 'v':
        this.#inValue = false;
        break;
      case 'is':
        this.#inInline = false;
        this.inline(this.#text.end());
        break;
      case 'c':
        this.endCell();
        break;
      case 'row':
        this.endRow();
        break;
      default:
        if (this.#inInline) this.#text.close(name);
    }
  }

  /** The value of the cell just parsed, by its type. */
  #cellValue(): Cell {
    const value = this.#value;
    switch (this.#type) {
      case 's':
        return value === undefined ? undefined : this.shared[Number(value)];
      case 'inlineStr':
        return this.#inline ?? value;
      case 'str':
      case 'e':
        // an empty formula result is no value
        return value === '' ? undefined : value;
      case 'b':
        return value === undefined ? undefined : value === '1' || value === 'true' ? 'TRUE' : 'FALSE';
      case 'd': {
        if (value === undefined) return undefined;
        // a date and time without a zone is the workbook's own, as serial dates are: read as UTC, whatever the
        // machine's zone
        const date = new Date(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value) ? `${value}Z` : value);
        return Number.isNaN(date.getTime()) ? value : date.toISOString();
      }
      default: {
        if (value === undefined || value === '') return undefined;
        const number = Number.parseFloat(value);
        const shown = this.shown[this.#style];
        // a percentage is given as it shows, which validation then refuses where a score belongs: 95% is not 0.95
        // points, nor 95
        return shown === _AS_DATE ? _dateOf(number, this.date1904) : shown === _AS_PERCENT ? _percentOf(number) : number;
      }
    }
  }

  /** The rows, in order, each merged range's cells given the value of its first. */
  /** The sheet as a table named `source`: its rows given one at a time, each merged range's cells given its first's value. */
  table(source: string): Table | TableRows {
    const stored = { rowNumbers: this.#rowNumbers, rowEnds: this.#rowEnds, kinds: this.#kinds, texts: this.#texts, numbers: this.#numbers };
    const rows: Iterable<TableRow> = { [Symbol.iterator]: () => new _StoredRows(stored) };
    if (this.#merges.length === 0) return { source, count: this.#rowNumbers.length, rows };
    return { source, rows: this.#merged(Array.from(rows, (entry) => ({ row: entry.row, cells: Array.from(entry.cells) }))) };
  }

  /** Rows with each merged range's cells given the value of its first cell, rows it makes among them. */
  #merged(read: { row: number; cells: Cell[] }[]): { row: number; cells: Cell[] }[] {
    const rows = new Map(read.map((entry) => [entry.row, entry.cells]));
    for (const range of this.#merges) {
      const [from, to = from] = range.split(':') as [string, string?];
      const top = _rowOf(from);
      const left = _columnOf(from);
      const bottom = _rowOf(to);
      const right = _columnOf(to);
      if (top === 0 || left === 0 || bottom < top || right < left) continue;
      const value = rows.get(top)?.[left - 1];
      if (value === undefined) continue;
      for (let row = top; row <= bottom; row++) {
        let cells = rows.get(row);
        if (!cells) rows.set(row, (cells = []));
        for (let column = left; column <= right; column++) cells[column - 1] = value;
      }
    }
    return [...rows].sort((a, b) => a[0] - b[0]).map(([row, cells]) => ({ row, cells: Array.from(cells) }));
  }
}

/** A stored cell's kind (see {@link _SheetRows}). */
const _NO_VALUE = 0;
const _TEXT = 1;
const _NUMBER = 2;

/** A typed array twice as long, or long enough for `needed`, holding what the one given holds. */
function _grown<T extends Uint8Array | Float64Array>(array: T, needed: number): T {
  const grown = new (array.constructor as new (length: number) => T)(Math.max(needed, array.length * 2));
  grown.set(array);
  return grown;
}

/** A sheet's rows as {@link _SheetRows} keeps them. */
interface _Stored {
  readonly rowNumbers: readonly number[];
  readonly rowEnds: readonly number[];
  readonly kinds: Uint8Array;
  readonly texts: readonly string[];
  readonly numbers: Float64Array;
}

/** A sheet's rows read one at a time from where they are kept: one row object for all, each row's cells a list of their own. */
class _StoredRows extends _ReadRows {
  readonly #stored: _Stored;
  readonly #row: { row: number; cells: readonly Cell[] } = { row: 0, cells: [] };
  #next = 0;
  #cell = 0;
  #text = 0;
  #number = 0;

  constructor(stored: _Stored) {
    super();
    this.#stored = stored;
  }

  read(): TableRow | undefined {
    const stored = this.#stored;
    const at = this.#next;
    if (at >= stored.rowNumbers.length) return undefined;
    this.#next++;
    const end = stored.rowEnds[at] as number;
    // a list of its own for each row, made young and let go young
    const cells = new Array<Cell>(end - this.#cell);
    for (let k = 0; this.#cell < end; this.#cell++, k++) {
      const kind = stored.kinds[this.#cell];
      cells[k] = kind === _NUMBER ? stored.numbers[this.#number++] : kind === _TEXT ? stored.texts[this.#text++] : undefined;
    }
    this.#row.row = stored.rowNumbers[at] as number;
    this.#row.cells = cells;
    return this.#row;
  }
}

/**
 * A worksheet's rows: read by {@link _scanSheet} where its rows hold only what Excel, WPS and most programs write
 * there, and by saxes otherwise.
 */
function _sheetRows(zip: _Zip, part: string, make: (total: number) => _SheetRows, reading: _SheetReading): _SheetRows | undefined {
  const bytes = zip.bytes(part);
  if (bytes === undefined) return undefined;
  // the rows are counted first where progress is to be told
  const total = reading.onProgress ? _countRows(bytes) : 0;
  if (reading.scan) {
    const scanned = make(total);
    const rest = _scanSheet(bytes, scanned, reading.piece, reading.carried ?? _CARRIED);
    reading.told?.(part, rest !== undefined);
    if (rest !== undefined) {
      // the rest of the sheet, its merged ranges among it, parsed as XML, which also holds it to being well formed
      zip.parse(rest, scanned);
      scanned.finish();
      return scanned;
    }
  } else reading.told?.(part, false);
  // the progress told so far starts again
  const parsed = make(total);
  zip.parse(bytes, parsed);
  parsed.finish();
  return parsed;
}

/** How many rows a worksheet's XML has: its `<row` elements (without a namespace prefix), counted in its bytes. */
function _countRows(bytes: Uint8Array): number {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let count = 0;
  for (let at = buffer.indexOf('<row'); at >= 0; at = buffer.indexOf('<row', at + 4)) {
    const next = buffer[at + 4];
    if (next === 32 || next === 62 || next === 47 || next === 9 || next === 10 || next === 13) count++;
  }
  return count;
}

/**
 * Reads a worksheet's rows (its `<sheetData>`) straight from its text, a megabyte of it at a time, where they hold
 * only rows of cells with values (`<v>`), formulas (`<f>`) and plain texts of their own (`<is><t>`), elements
 * without namespace prefixes, attributes each given once, and texts without entities but XML's own and numbered
 * characters; in XML 1.0, with no comment, processing instruction or document type before them, and no more than
 * `carried` characters of a row unread between pieces. A workbook of 100,000 units was read in 1.5 s this way, in
 * 2.1 s with its sheets parsed by saxes (and in 1.1 s once each piece was decoded with what was left of the one
 * before, rather than joined to its text). Gives the sheet's text without its rows, for the rest to be parsed as XML;
 * or undefined where it is anything else (the rows found so far are then to be dropped, and the part parsed whole).
 */
function _scanSheet(bytes: Uint8Array, rows: _SheetRows, piece: number, carried: number): string | undefined {
  // each piece is decoded from its bytes together with what was left unread of the one before (from `start`): the
  // text left joined to the next piece's was copied whole, at a cost of 0.6–1 s a million units
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  // a byte order mark at the start is no character of the text, as a decoder of the whole would leave it out
  let start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let stop = start;
  let text = '';
  let head: string | undefined;
  // where the search for what is looked for next starts: text searched before is not searched again
  let from = 0;
  // where in the bytes a place in the text is: most sheets' texts are ASCII, a byte a character
  const byteAt = (place: number) => (text.length === stop - start ? start + place : stop - Buffer.byteLength(text.slice(place)));
  for (;;) {
    stop = _characterStart(bytes, Math.min(stop + piece, bytes.length), stop);
    const last = stop >= bytes.length;
    text = decoder.decode(bytes.subarray(start, stop));
    if (head === undefined) {
      const open = text.indexOf('<sheetData', from);
      const close = open < 0 ? -1 : text.indexOf('>', open);
      if (close < 0) {
        // a sheet whose rows do not begin near its start (its elements prefixed, say) is left to the parser
        if (last || text.length > carried) return undefined;
        from = Math.max(0, text.length - 12);
        continue;
      }
      if (text.slice(open, close + 1) !== '<sheetData>') return undefined;
      head = text.slice(0, open);
      // a comment, a processing instruction or a document type before the rows (where a <sheetData> may be
      // written that is none), and XML other than 1.0, are left to the parser
      const declaration = /^<\?xml\s[^?]*\?>/.exec(head)?.[0] ?? '';
      if (head.includes('<!') || head.includes('<?', declaration.length) || (declaration !== '' && !/version\s*=\s*["']1\.0["']/.test(declaration))) return undefined;
      start = byteAt(close + 1);
      text = text.slice(close + 1);
      from = 0;
    }
    // rows are read up to the last one ended in what has been decoded, and the rows' end is looked for after it
    // alone: one before it is in what the rows are read from, which then leaves the sheet to the parser
    const lastRow = text.lastIndexOf('</row>');
    const end = text.indexOf('</sheetData>', Math.max(from, lastRow));
    const cut = end >= 0 ? end : lastRow >= from ? lastRow + 6 : 0;
    if (cut > 0 && !_scanRows(text, cut, rows)) return undefined;
    if (end >= 0) return `${head}<sheetData/>${text.slice(end + 12)}${last ? '' : decoder.decode(bytes.subarray(stop))}`;
    if (last) return undefined;
    start = byteAt(cut);
    // a row longer than this (or rows without their end tags) is left to the parser
    if (text.length - cut > carried) return undefined;
    from = Math.max(0, text.length - cut - 12);
  }
}

/**
 * Where a piece of UTF-8 bytes that would end at a place is to end, so that it ends between characters: at the start
 * of the character the place falls in, or, where that is not past `floor` (a character longer than the piece), at
 * its end. Bytes that are no UTF-8 are left for the decoder to refuse.
 */
function _characterStart(bytes: Uint8Array, place: number, floor: number): number {
  const within = (at: number) => at < bytes.length && ((bytes[at] as number) & 0xc0) === 0x80;
  let back = place;
  while (back > floor && place - back < 3 && within(back)) back--;
  if (back > floor && !within(back)) return back;
  let ahead = place;
  while (ahead - place < 3 && within(ahead)) ahead++;
  return ahead;
}

/** The most text {@link _scanSheet} carries from one piece to the next, unread: 16 MiB. */
const _CARRIED = 1 << 24;

/** The attributes of the element {@link _attributes} read last that rows are read by, and whether it was empty. */
class _Attributes {
  /**
   * `r` and `s` as their values' places in the text (from, to), not copied out of it: a workbook of a million
   * units has some twelve million cells, each with a reference. -1 where the element has no such attribute; where
   * its value has entities, -2, and the value read is in `r` or `s`.
   */
  rFrom = -1;
  rTo = -1;
  r: string | undefined;
  sFrom = -1;
  sTo = -1;
  s: string | undefined;
  t: string | undefined;
  empty = false;
  /** where each attribute's name starts and ends in the text, to find one given twice, which XML refuses */
  readonly names: number[] = [];
  /** how many of `names` are the element's */
  named = 0;
}

/** Whether two stretches of a text are the same characters. */
function _same(text: string, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let k = 0; k < aEnd - a; k++) if (text.charCodeAt(a + k) !== text.charCodeAt(b + k)) return false;
  return true;
}

/** Where an element's name ends: a space, `>` or `/`. */
function _nameEnds(code: number): boolean {
  return code === 32 || code === 62 || code === 47 || code === 9 || code === 10 || code === 13;
}

function _skipSpace(text: string, at: number): number {
  for (;;) {
    const code = text.charCodeAt(at);
    if (code !== 32 && code !== 10 && code !== 13 && code !== 9) return at;
    at++;
  }
}

/** Whether the text at a place starts an element of that name: `<c>`, `<c ` or `<c/`. */
function _startsElement(text: string, at: number, name: string): boolean {
  return _tagAt(text, at, name) && _nameEnds(text.charCodeAt(at + name.length));
}

/** Whether the text at a place starts with a tag: `text.startsWith(tag, at)`, some times as fast in this reader's loops. */
function _tagAt(text: string, at: number, tag: string): boolean {
  for (let k = 0; k < tag.length; k++) if (text.charCodeAt(at + k) !== tag.charCodeAt(k)) return false;
  return true;
}

/**
 * Reads an element's attributes, from just after its name: where it goes on after its start tag, or -1 where
 * what is there is not attributes this reader takes (their values are read as XML reads them, entities and all).
 */
function _attributes(text: string, at: number, end: number, found: _Attributes): number {
  found.r = found.t = found.s = undefined;
  found.rFrom = found.sFrom = -1;
  const names = found.names;
  found.named = 0;
  for (;;) {
    const start = at;
    at = _skipSpace(text, at);
    const code = text.charCodeAt(at);
    if (code === 62) {
      found.empty = false;
      return at + 1;
    }
    if (code === 47) {
      found.empty = true;
      return text.charCodeAt(at + 1) === 62 ? at + 2 : -1;
    }
    // a name: a letter or _, then letters, digits, _ . : and -
    if (at === start || at >= end || !((code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95)) return -1;
    let equals = at + 1;
    while (_nameCharacter(text.charCodeAt(equals))) equals++;
    if (text.charCodeAt(equals) !== 61) return -1;
    for (let k = 0; k < found.named; k += 2) if (_same(text, names[k] as number, names[k + 1] as number, at, equals)) return -1;
    names[found.named++] = at;
    names[found.named++] = equals;
    const quote = text.charCodeAt(equals + 1);
    if (quote !== 34 && quote !== 39) return -1;
    // the value, up to its quote: one with white space in it (which XML makes spaces of), a character XML forbids
    // or markup is left to the parser; entities are read as XML reads them
    let close = equals + 2;
    let entities = false;
    for (let c = text.charCodeAt(close); c !== quote; c = text.charCodeAt(++close)) {
      if (close >= end || c < 32 || c === 60 || c >= 0xfffe) return -1;
      if (c === 38) entities = true;
    }
    const name = equals - at === 1 ? code : 0;
    if (entities) {
      const value = _xmlText(text.slice(equals + 2, close));
      if (value === undefined) return -1;
      if (name === 114) {
        found.r = value;
        found.rFrom = -2;
      } else if (name === 115) {
        found.s = value;
        found.sFrom = -2;
      } else if (name === 116) found.t = value;
    } else if (name === 114) {
      found.rFrom = equals + 2;
      found.rTo = close;
    } else if (name === 115) {
      found.sFrom = equals + 2;
      found.sTo = close;
    } else if (name === 116) found.t = text.slice(equals + 2, close);
    at = close + 1;
  }
}

/** Whether a character may be in an attribute's name after its first (a letter, digit, `_`, `.`, `:` or `-`). */
function _nameCharacter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 58) || code === 95 || code === 46 || code === 45;
}

/** A row's number as {@link _SheetRows.startRow} reads its reference (`r`), read from the text: NaN where it has none. */
function _rowNumberAt(text: string, found: _Attributes): number {
  return found.rFrom === -1 ? Number.NaN : _numberAt(text, found.rFrom, found.rTo, found.r);
}

/** A cell's column as {@link _columnOf} reads its reference (`r`), read from the text: 0 where it has none. */
function _columnAt(text: string, found: _Attributes): number {
  if (found.rFrom === -1) return 0;
  if (found.rFrom === -2) return _columnOf(found.r as string);
  let column = 0;
  for (let k = found.rFrom; k < found.rTo; k++) {
    const code = text.charCodeAt(k);
    if (code >= 65 && code <= 90) column = column * 26 + code - 64;
    else if (code >= 97 && code <= 122) column = column * 26 + code - 96;
    else break;
  }
  return column;
}

/** A cell's style (`s`) as {@link _SheetRows.startCell} reads it, read from the text: 0 where it has none. */
function _styleAt(text: string, found: _Attributes): number {
  return found.sFrom === -1 ? 0 : _numberAt(text, found.sFrom, found.sTo, found.s);
}

/** An attribute's value as `Number` reads it: from its place in the text, or, where it had entities (-2), as read. */
function _numberAt(text: string, from: number, to: number, read: string | undefined): number {
  if (from === -2) return Number(read);
  const digits = _digitsAt(text, from, to);
  return digits >= 0 ? digits : Number(text.slice(from, to));
}

/** The number a stretch of the text's digits (1 to 9 of them) writes, or -1 where it is anything else. */
function _digitsAt(text: string, from: number, to: number): number {
  if (to <= from || to - from > 9) return -1;
  let value = 0;
  for (let k = from; k < to; k++) {
    const code = text.charCodeAt(k);
    if (code < 48 || code > 57) return -1;
    value = value * 10 + code - 48;
  }
  return value;
}

/** The characters that make a text more than its characters: a markup character, a line end, one XML forbids. */
const _SPECIAL = /[&<\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|]]>/;
const _ENTITY = /&(?:(amp|lt|gt|quot|apos)|#([0-9]+)|#x([0-9A-Fa-f]+));/g;
const _NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * A text as XML reads it: its line ends made line feeds, and its entities (XML's own five and numbered characters)
 * given back; undefined where XML would refuse it or it holds markup.
 */
function _xmlText(raw: string): string | undefined {
  if (!_SPECIAL.test(raw)) return raw;
  if (raw.includes('<') || raw.includes(']]>') || /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(raw)) return undefined;
  const text = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  if (!text.includes('&')) return text;
  let refused = false;
  const decoded = text.replace(_ENTITY, (_, named: string | undefined, decimal: string | undefined, hex: string | undefined) => {
    if (named !== undefined) return _NAMED[named] as string;
    const code = decimal !== undefined ? Number(decimal) : Number.parseInt(hex as string, 16);
    const allowed = code === 9 || code === 10 || code === 13 || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    if (!allowed) refused = true;
    return allowed ? String.fromCodePoint(code) : '';
  });
  // an ampersand that starts no entity XML knows
  if (refused || text.replace(_ENTITY, '').includes('&')) return undefined;
  return decoded;
}

/** The text of an element's content up to its end tag, as XML reads it: where it goes on after the end tag, or -1. */
function _content(text: string, at: number, end: number, endTag: string, take: (value: string) => void): number {
  const close = text.indexOf(endTag, at);
  if (close < 0 || close >= end) return -1;
  // most contents are plain: no markup, entity, line end or character XML forbids
  let plain = true;
  for (let k = at; k < close && plain; k++) {
    const c = text.charCodeAt(k);
    plain = c >= 32 ? c !== 38 && c !== 60 && c !== 93 && c < 0xfffe : c === 9 || c === 10;
  }
  const value = plain ? text.slice(at, close) : _xmlText(text.slice(at, close));
  if (value === undefined) return -1;
  take(value);
  return close + endTag.length;
}

/** Reads whole rows from the start of a text up to a place (see {@link _scanSheet}): whether they were all it takes. */
function _scanRows(text: string, end: number, rows: _SheetRows): boolean {
  const found = new _Attributes();
  const value = (content: string) => rows.value(content);
  const ignore = () => undefined;
  let inline = '';
  const takeInline = (content: string) => (inline = content);
  let at = 0;
  for (;;) {
    at = _skipSpace(text, at);
    // white space past the end is read again with what follows
    if (at >= end) return true;
    if (!_startsElement(text, at, '<row')) return false;
    at = _attributes(text, at + 4, end, found);
    if (at < 0) return false;
    rows.startRowNumbered(_rowNumberAt(text, found));
    if (!found.empty) {
      for (;;) {
        at = _skipSpace(text, at);
        if (_tagAt(text, at, '</row>')) {
          at += 6;
          break;
        }
        if (!_startsElement(text, at, '<c')) return false;
        at = _attributes(text, at + 2, end, found);
        if (at < 0) return false;
        rows.startCellAt(_columnAt(text, found), found.t, _styleAt(text, found));
        if (!found.empty) {
          for (;;) {
            at = _skipSpace(text, at);
            if (_tagAt(text, at, '</c>')) {
              at += 4;
              break;
            }
            if (_startsElement(text, at, '<v')) {
              at = _attributes(text, at + 2, end, found);
              if (at >= 0) at = found.empty ? (rows.value(''), at) : _content(text, at, end, '</v>', value);
            } else if (_startsElement(text, at, '<f')) {
              at = _attributes(text, at + 2, end, found);
              if (at >= 0 && !found.empty) at = _content(text, at, end, '</f>', ignore);
            } else if (_tagAt(text, at, '<is>')) {
              at = _skipSpace(text, at + 4);
              if (!_startsElement(text, at, '<t')) return false;
              at = _attributes(text, at + 2, end, found);
              inline = '';
              if (at >= 0 && !found.empty) at = _content(text, at, end, '</t>', takeInline);
              if (at < 0) return false;
              at = _skipSpace(text, at);
              if (!_tagAt(text, at, '</is>')) return false;
              at += 5;
              rows.inline(_unescaped(inline));
            } else return false;
            if (at < 0) return false;
          }
        }
        rows.endCell();
      }
    }
    rows.endRow();
  }
}
