/**
 * Saving an export the core returned as content: the page turns it into a Blob and clicks a
 * temporary `<a download>`. That works in a browser and inside Electron (whose window then asks
 * where to save), so the renderer needs no file access of its own.
 */
import type { ExportResult } from '../../../shared/types';

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The content of an export as a Blob of its media type; null when the core wrote a file instead. */
export function exportBlob(result: ExportResult): Blob | null {
  if (result.content === null) return null;
  const body = result.encoding === 'base64' ? base64ToBytes(result.content) : result.content;
  const type = result.encoding === 'utf8' && !/charset=/i.test(result.mediaType) ? `${result.mediaType};charset=utf-8` : result.mediaType;
  return new Blob([body], { type });
}

/** Offers the export as a download named as the core suggests. Returns false when there was no content. */
export function downloadExport(result: ExportResult, doc: Document = document): boolean {
  const blob = exportBlob(result);
  if (!blob) return false;
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = result.fileName;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  // The click starts the download synchronously; the URL is released once it had time to be read.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return true;
}
