/**
 * Code colours. A palette of mid-saturation colours that stay readable behind black text, handed
 * out in order so that neighbouring new codes differ.
 */
export const CODE_PALETTE = [
  '#F4A261', '#8ECAE6', '#B5E48C', '#F28482', '#CDB4DB', '#FFD166',
  '#90BE6D', '#A0C4FF', '#FFADAD', '#9BF6FF', '#E9C46A', '#BDB2FF',
] as const;

export const HEX_COLOR = /^#[0-9A-Fa-f]{6}$/;

export function paletteColor(index: number): string {
  const n = CODE_PALETTE.length;
  return CODE_PALETTE[((index % n) + n) % n] as string;
}
