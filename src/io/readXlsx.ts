import type ExcelJS from 'exceljs';
import { _read } from './readCsv.js';
import { InputError } from './InputError.js';
import type { Cell, Table } from './tables.js';

/**
 * Reads every worksheet of an XLSX workbook as a table, by sheet name. Numbers stay numbers (the
 * dataset schema accepts those a decimal string would spell the same way); a formula gives its result;
 * rich text its text; a date its ISO form (which validation then refuses where a number belongs).
 *
 * @param path - the workbook
 * @param source - its name for messages
 * @returns tables by sheet name
 * @throws {@link InputError} when the file is not a readable workbook
 */
export async function readXlsx(path: string, source: string): Promise<Map<string, Table>> {
  const bytes = await _read(path, source);
  // exceljs is large: load it only when a workbook is read
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  } catch (error) {
    throw new InputError('invalid-xlsx', source, 'not a readable XLSX workbook (is it corrupt, or an older .xls file? save it as .xlsx)', undefined, { cause: error });
  }
  const tables = new Map<string, Table>();
  workbook.eachSheet((sheet) => {
    const rows: { row: number; cells: Cell[] }[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        cells[column - 1] = _cellValue(cell.value);
      });
      rows.push({ row: rowNumber, cells: Array.from(cells, (cell) => cell) });
    });
    tables.set(sheet.name.trim(), { source: `${source} [${sheet.name}]`, rows });
  });
  return tables;
}

function _cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return _cellValue((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return String(value.error);
  return undefined;
}
