/** Saving a file the renderer made (an exported summary, a map image) through a download link. */

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the click; the URL is not needed after this turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * A `data:` URL (what html-to-image returns) as a Blob. Decoded in the page: `fetch` of a data URL
 * is refused by the content security policy (`connect-src 'self'`).
 */
export function dataUrlToBlob(dataUrl: string): Blob {
  const comma = dataUrl.indexOf(',');
  if (!dataUrl.startsWith('data:') || comma === -1) throw new Error('The image could not be made.');
  const header = dataUrl.slice(5, comma);
  const body = dataUrl.slice(comma + 1);
  const [mediaType = 'application/octet-stream'] = header.split(';');
  const bytes = header.endsWith(';base64') ? base64ToBytes(body) : new TextEncoder().encode(decodeURIComponent(body));
  return new Blob([bytes], { type: mediaType });
}
