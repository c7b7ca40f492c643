/**
 * A chart drawn as plain React SVG, saved as a file: its SVG is the element's own markup (the
 * charts set their fonts and colours as attributes, so the file needs no stylesheet), and its PNG
 * is that markup drawn on a canvas at twice the size, on white, for slides and word processors.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The chart as a standalone SVG document. */
export function svgMarkup(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', SVG_NS);
  const box = svg.viewBox.baseVal;
  if (box && box.width > 0) {
    clone.setAttribute('width', String(box.width));
    clone.setAttribute('height', String(box.height));
  }
  // Focus, hover and selection belong to the screen, not the file.
  for (const el of clone.querySelectorAll('[tabindex]')) el.removeAttribute('tabindex');
  for (const el of clone.querySelectorAll('[data-screen-only]')) el.remove();
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}`;
}

export function svgBlob(svg: SVGSVGElement): Blob {
  return new Blob([svgMarkup(svg)], { type: 'image/svg+xml;charset=utf-8' });
}

/** The chart as a PNG at `scale` times its drawn size, on a white background. */
export async function pngBlob(svg: SVGSVGElement, scale = 2): Promise<Blob> {
  const box = svg.viewBox.baseVal;
  const width = box && box.width > 0 ? box.width : svg.clientWidth;
  const height = box && box.height > 0 ? box.height : svg.clientHeight;
  const image = new Image();
  image.decoding = 'async';
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgMarkup(svg))}`;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(width * scale);
  canvas.height = Math.ceil(height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This window cannot draw images.');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.scale(scale, scale);
  ctx.drawImage(image, 0, 0, width, height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The chart could not be turned into a PNG.'))), 'image/png'),
  );
}

/**
 * A `data:` URL (what html-to-image returns) as a Blob, decoded in the page: fetching it would be
 * refused by the Content Security Policy (`connect-src 'self'`).
 */
export function dataUrlBlob(url: string): Blob {
  const comma = url.indexOf(',');
  if (!url.startsWith('data:') || comma === -1) throw new Error('The image could not be made.');
  const header = url.slice(5, comma);
  const body = url.slice(comma + 1);
  const type = header.split(';')[0] || 'application/octet-stream';
  if (header.endsWith(';base64')) {
    const binary = atob(body);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return new Blob([bytes], { type });
  }
  return new Blob([decodeURIComponent(body)], { type });
}

/** A file name from a chart's title: "Top 20 words – the project" → "Top 20 words - the project". */
export function chartFileName(title: string, ext: 'svg' | 'png'): string {
  const printable = [...title].filter((ch) => ch >= ' ').join('');
  const base = printable.replace(/[\\/:*?"<>|]+/g, ' ').replace(/[–—]/g, '-').replace(/\s+/g, ' ').trim().slice(0, 120);
  return `${base || 'chart'}.${ext}`;
}
