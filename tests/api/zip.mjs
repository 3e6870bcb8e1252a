// Reading .xlsx files in tests: the files of a ZIP archive and XML text.
import assert from 'node:assert/strict';
import zlib from 'node:zlib';

/** The files of a ZIP archive: {name: Buffer} (stored or deflated entries). */
export function unzip(buf) {
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'ZIP end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out = {};
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(p), 0x02014b50, 'central directory entry');
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28); const extraLen = buf.readUInt16LE(p + 30); const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    out[name] = method === 0 ? data : zlib.inflateRawSync(data);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

export const xmlText = (s) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&apos;/g, "'");

/** The rows of an .xlsx sheet: [{cells: [{ref, text|number, date}]}], with the checks every download must pass. */
export function readSheet(r) {
  assert.equal(r.status, 200, r.text);
  assert.equal(r.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const files = unzip(r.body);
  const sheet = files['xl/worksheets/sheet1.xml'].toString('utf8');
  assert.doesNotMatch(sheet, /<f[ >]/, 'no formula');
  const styles = files['xl/styles.xml'].toString('utf8');
  const fmts = Object.fromEntries([...styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)].map((m) => [m[1], xmlText(m[2])]));
  const xfs = [...styles.match(/<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/)[1].matchAll(/<xf [^>]*?numFmtId="(\d+)"/g)].map((m) => fmts[m[1]] || m[1]);
  const shared = files['xl/sharedStrings.xml'] ? [...files['xl/sharedStrings.xml'].toString('utf8').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => xmlText(m[1].replace(/<[^>]+>/g, ''))) : [];
  const rows = [];
  for (const m of sheet.matchAll(/<row [^>]*>([\s\S]*?)<\/row>/g)) {
    const cells = [];
    for (const cm of m[1].matchAll(/<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = cm[2]; const body = cm[3] || '';
      const t = /t="(\w+)"/.exec(attrs)?.[1];
      const style = Number(/s="(\d+)"/.exec(attrs)?.[1] || 0);
      const cell = { col: cm[1] };
      if (t === 'inlineStr') cell.text = xmlText(body.replace(/<[^>]+>/g, ''));
      else if (t === 's') cell.text = shared[Number(/<v>(\d+)<\/v>/.exec(body)[1])];
      else if (/<v>/.test(body)) {
        cell.number = Number(/<v>([^<]*)<\/v>/.exec(body)[1]);
        cell.format = xfs[style];
      }
      cells.push(cell);
    }
    rows.push(cells);
  }
  return rows;
}
