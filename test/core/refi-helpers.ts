/** Shared by the REFI-QDA tests: where the fixtures are, validating with xmllint, reading a .qdpx. */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';

export const FIXTURES = path.resolve(__dirname, '../../../shared/fixtures/refi-qda');
export const HAVE_FIXTURES = fs.existsSync(path.join(FIXTURES, 'schemas/Project-mrt2019.xsd'));
export const HAVE_XMLLINT = spawnSync('xmllint', ['--version']).status === 0;

if (!HAVE_FIXTURES) console.warn(`REFI-QDA conformance tests skipped: no fixtures at ${FIXTURES}`);
if (!HAVE_XMLLINT) console.warn('REFI-QDA schema validation skipped: xmllint is not installed (Debian: libxml2-utils).');

/** xmllint's verdict on an XML file against one of the fixtures' schemas: '' when valid, else its errors. */
export function schemaErrors(xmlFile: string, schema: 'Project-mrt2019.xsd' | 'Codebook.xsd'): string {
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', path.join(FIXTURES, 'schemas', schema), xmlFile], { stdio: 'pipe' });
    return '';
  } catch (e) {
    return String((e as { stderr?: Buffer }).stderr ?? e);
  }
}

export async function unzip(file: string): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const out = new Map<string, Buffer>();
  for (const f of Object.values(zip.files)) if (!f.dir) out.set(f.name, await f.async('nodebuffer'));
  return out;
}

/** The text selections of a .qde, read with regular expressions (independently of Chorus's reader). */
export function selectionsOf(xml: string): { source: string; start: number; end: number; codings: string[] }[] {
  const out: { source: string; start: number; end: number; codings: string[] }[] = [];
  for (const src of xml.matchAll(/<TextSource\b([^>]*?)(?:\/>|>([\s\S]*?)<\/TextSource>)/gu)) {
    const source = /\bguid="([^"]+)"/u.exec(src[1]!)![1]!.toLowerCase();
    for (const sel of (src[2] ?? '').matchAll(/<PlainTextSelection\b([^>]*?)(?:\/>|>([\s\S]*?)<\/PlainTextSelection>)/gu)) {
      const start = Number(/\bstartPosition="(\d+)"/u.exec(sel[1]!)![1]);
      const end = Number(/\bendPosition="(\d+)"/u.exec(sel[1]!)![1]);
      const codings = [...(sel[2] ?? '').matchAll(/<Coding\b[^>]*?\bguid="([^"]+)"/gu)].map((m) => m[1]!.toLowerCase());
      out.push({ source, start, end, codings });
    }
  }
  return out;
}

export function zipBytes(entries: Record<string, string | Uint8Array>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(entries)) zip.file(name, content);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}
