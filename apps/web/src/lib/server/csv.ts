import { type CsvCell, toCsv } from '@ccmm/ratings-csv';

/** A CSV download in the product's one CSV format, named in ASCII. */
export function csvResponse(
  filename: string,
  header: readonly string[],
  rows: readonly (readonly CsvCell[])[],
) {
  return new Response(toCsv(header, rows), {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`,
      'cache-control': 'no-store',
    },
  });
}

/** An export that could not be made: its status and the reason in words, never an empty file. */
export function csvRefused(status: number, message: string) {
  return new Response(`${message}\n`, {
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}
