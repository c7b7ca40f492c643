/** Pasting spreadsheet cells into the attribute grid, and the grid's value checks. */
import { describe, expect, it } from 'vitest';
import { isBlock, parseTsv, planPaste } from '../../renderer/src/attributes/paste';
import { valueProblem } from '../../renderer/src/attributes/values';

describe('tab-separated blocks', () => {
  it('reads rows and cells, with CRLF, LF or CR line ends, and no row for a final line break', () => {
    expect(parseTsv('a\tb\r\nc\td\r\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseTsv('1\n2')).toEqual([['1'], ['2']]);
    expect(parseTsv('x\ry\r')).toEqual([['x'], ['y']]);
  });

  it('keeps empty cells, so a gap in the block clears nothing by accident', () => {
    expect(parseTsv('a\t\tc\n\tb\t')).toEqual([
      ['a', '', 'c'],
      ['', 'b', ''],
    ]);
  });

  it('reads quoted cells with tabs, line breaks and doubled quotes, and leaves stray quotes as text', () => {
    expect(parseTsv('"two\nlines"\t"say ""hi"""\n5" tall\tok')).toEqual([
      ['two\nlines', 'say "hi"'],
      ['5" tall', 'ok'],
    ]);
    expect(parseTsv('"open\tend')).toEqual([['"open', 'end']]);
  });

  it('tells a block from a single value', () => {
    expect(isBlock('42')).toBe(false);
    expect(isBlock('42\n')).toBe(false);
    expect(isBlock('42\r\n')).toBe(false);
    expect(isBlock('1\t2')).toBe(true);
    expect(isBlock('1\n2')).toBe(true);
  });
});

describe('where pasted values go', () => {
  // label | stat | attr | attr
  const editable = [false, false, true, true];

  it('fills right and down from the focused cell, trimming values', () => {
    const plan = planPaste([[' 1 ', 'a'], ['2', 'b']], { row: 0, col: 2 }, 3, editable);
    expect(plan).toEqual({
      cells: [
        { row: 0, col: 2, value: '1' },
        { row: 0, col: 3, value: 'a' },
        { row: 1, col: 2, value: '2' },
        { row: 1, col: 3, value: 'b' },
      ],
      skipped: 0,
    });
  });

  it('counts values that fall off the grid or on columns that take no values', () => {
    const plan = planPaste([['P1', '3', 'x', 'y', 'z'], ['P2', '', '', '', '']], { row: 2, col: 0 }, 3, editable);
    expect(plan.cells).toEqual([
      { row: 2, col: 2, value: 'x' },
      { row: 2, col: 3, value: 'y' },
    ]);
    // P1 and 3 on read-only columns, z beyond the last column, P2 below the last row; the empty
    // cells past the end lose nothing and are not counted.
    expect(plan.skipped).toBe(4);
  });
});

describe('value checks', () => {
  it('accepts numbers as the core does, a comma as the decimal point', () => {
    expect(valueProblem('2', 'number')).toBeNull();
    expect(valueProblem('-3,5', 'number')).toBeNull();
    expect(valueProblem('1e3', 'number')).toBeNull();
    expect(valueProblem('seven', 'number')).toBe('“seven” is not a number.');
  });

  it('accepts real dates written YYYY-MM-DD only', () => {
    expect(valueProblem('2024-02-29', 'date')).toBeNull();
    expect(valueProblem('2023-02-29', 'date')).toMatch(/not a date/);
    expect(valueProblem('12/03/2024', 'date')).toMatch(/YYYY-MM-DD/);
  });

  it('lets an empty value through (it clears the cell) and any text in text and category', () => {
    expect(valueProblem('  ', 'number')).toBeNull();
    expect(valueProblem('seven', 'text')).toBeNull();
    expect(valueProblem('Site B', 'category')).toBeNull();
  });
});
