/**
 * Writing a zip archive with Node's native zlib. JSZip deflates in JavaScript, which on a large
 * study's .qdpx (tens of MB of text) cost seconds even at level 1; zlib's deflate is several
 * times faster and runs in libuv's thread pool, so the entries are compressed in parallel.
 *
 * The archive is plain PKZIP 2.0 (deflate, no zip64, no data descriptors, UTF-8 names), which
 * every REFI-QDA tool and JSZip read. Entries that do not fit that format (4 GB, 65,535 entries)
 * are refused rather than written wrong.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { ChorusError, ErrorCode } from '../../../../shared/errors.js';

const deflateRaw = promisify(zlib.deflateRaw);

export interface ZipEntry {
  name: string;
  data: Uint8Array;
}

const LIMIT_32 = 0xffffffff;

/** MS-DOS date and time, as zip headers hold them (local time, two-second steps). */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.min(Math.max(d.getFullYear(), 1980), 2107);
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

/**
 * The archive's bytes. Each entry is deflated at `level` (1 is fast and, on transcripts, within a
 * few per cent of the default); an entry that deflate would make larger is stored.
 */
export async function zipArchive(entries: ZipEntry[], options: { level: number; date?: Date }): Promise<Buffer> {
  if (entries.length > 0xffff) throw new ChorusError(ErrorCode.TOO_LARGE, 'Too many files for one zip archive.');
  const { time, date } = dosDateTime(options.date ?? new Date());
  const packed = await Promise.all(
    entries.map(async (e) => {
      const deflated = await deflateRaw(e.data, { level: options.level });
      const store = deflated.length >= e.data.length;
      return {
        name: Buffer.from(e.name, 'utf8'),
        crc: zlib.crc32(e.data),
        size: e.data.length,
        method: store ? 0 : 8,
        body: store ? e.data : deflated,
      };
    }),
  );

  const parts: Uint8Array[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of packed) {
    if (p.size > LIMIT_32 || offset > LIMIT_32) throw new ChorusError(ErrorCode.TOO_LARGE, 'The archive would be larger than 4 GB.');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0
    local.writeUInt16LE(0x0800, 6); // flags: names are UTF-8
    local.writeUInt16LE(p.method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(p.crc, 14);
    local.writeUInt32LE(p.body.length, 18);
    local.writeUInt32LE(p.size, 22);
    local.writeUInt16LE(p.name.length, 26);
    local.writeUInt16LE(0, 28); // no extra field

    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    local.copy(dir, 6, 4, 30); // version needed … name length: as in the local header
    // extra and comment lengths, disk number, internal and external attributes: all 0
    dir.writeUInt32LE(offset, 42);
    central.push(dir, p.name);

    parts.push(local, p.name, p.body);
    offset += 30 + p.name.length + p.body.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  if (offset > LIMIT_32 || offset + centralSize > LIMIT_32) throw new ChorusError(ErrorCode.TOO_LARGE, 'The archive would be larger than 4 GB.');
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(packed.length, 8);
  end.writeUInt16LE(packed.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, ...central, end]);
}
