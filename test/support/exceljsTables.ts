import Decimal from 'decimal.js';
import ExcelJS from 'exceljs';
import type { Cell } from '../../src/io/tables.js';

/** A sheet's rows as a reader gives them, for comparing two readers: each row's cells, trailing empty cells left out. */
export type SheetRows = [number, Cell[]][];

/**
 * A workbook's tables as exceljs reads them, the reference the workbook reader is held to: every worksheet, read
 * whole by exceljs, each row that has a cell with a value, each cell's value as a table holds it (a number, or
 * the text of a string, rich text, formula result, date, percentage or error). Rows whose cells have no value (a formula
 * without a cached result) are left out, as a table leaves out blank rows.
 *
 * @param bytes - the workbook's file
 * @returns each sheet's name, as the workbook gives it, and rows
 */
export async function exceljsTables(bytes: Uint8Array): Promise<[string, SheetRows][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as never);
  const sheets: [string, SheetRows][] = [];
  workbook.eachSheet((sheet) => {
    const rows: SheetRows = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells: Cell[] = [];
      row.eachCell({ includeEmpty: true }, (cell, column) => {
        const value = cellValue(cell.value);
        // a number shown as a percentage is given as it shows (exceljs gives the number): the workbooks' only such
        // formats are 0% and 0.00%
        cells[column - 1] = typeof value === 'number' && (cell.numFmt === '0%' || cell.numFmt === '0.00%') ? `${new Decimal(String(value)).times(100).toFixed()}%` : value;
      });
      const trimmed = trimCells(cells);
      if (trimmed.length > 0) rows.push([rowNumber, trimmed]);
    });
    sheets.push([sheet.name, rows]);
  });
  return sheets;
}

/** A row's cells, holes filled, trailing empty cells left out. */
export function trimCells(cells: readonly Cell[]): Cell[] {
  const all = Array.from(cells, (cell) => cell);
  while (all.length > 0 && all[all.length - 1] === undefined) all.pop();
  return all;
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString();
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellValue((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return String(value.error);
  return undefined;
}
