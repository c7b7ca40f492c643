/**
 * Pasting a block of cells from a spreadsheet into the attribute grid. Spreadsheets put a block
 * on the clipboard as tab-separated text: rows end with a line break (CRLF from Excel), and a
 * cell holding a tab, a line break or a quote is written in double quotes with quotes doubled.
 */

/** The cells of a tab-separated block, row by row. A final line break does not add a row. */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let atCellStart = true;
  while (i < text.length) {
    const c = text[i]!;
    if (atCellStart && c === '"') {
      // A quoted cell: up to the quote that is not doubled.
      let j = i + 1;
      let value = '';
      let closed = false;
      while (j < text.length) {
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            value += '"';
            j += 2;
            continue;
          }
          closed = true;
          j++;
          break;
        }
        value += text[j];
        j++;
      }
      const next = text[j];
      if (closed && (next === undefined || next === '\t' || next === '\n' || next === '\r')) {
        cell = value;
        i = j;
        atCellStart = false;
        continue;
      }
      // Not a well-formed quoted cell ("5" inches): the quote is part of the text.
    }
    atCellStart = false;
    if (c === '\t') {
      row.push(cell);
      cell = '';
      atCellStart = true;
      i++;
    } else if (c === '\n' || c === '\r') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      atCellStart = true;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      cell += c;
      i++;
    }
  }
  if (!atCellStart || cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Whether pasted text is a block of several cells rather than one value for the focused cell. */
export function isBlock(text: string): boolean {
  return /[\t\n\r]/.test(text.replace(/(\r?\n|\r)$/, ''));
}

export interface PasteCell {
  row: number;
  col: number;
  value: string;
}

export interface PastePlan {
  cells: PasteCell[];
  /** Pasted values that fell outside the grid or on columns that cannot be edited. */
  skipped: number;
}

/**
 * Where each pasted value goes: the block's top-left cell at the focused cell, then right and
 * down. `editable[col]` says which grid columns take values (names and counts do not).
 */
export function planPaste(block: readonly (readonly string[])[], at: { row: number; col: number }, rows: number, editable: readonly boolean[]): PastePlan {
  const cells: PasteCell[] = [];
  let skipped = 0;
  block.forEach((values, r) => {
    values.forEach((raw, c) => {
      const row = at.row + r;
      const col = at.col + c;
      if (row >= rows || col >= editable.length || !editable[col]) {
        if (raw.trim() !== '') skipped++;
        return;
      }
      cells.push({ row, col, value: raw.trim() });
    });
  });
  return { cells, skipped };
}
