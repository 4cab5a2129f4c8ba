// A figure as a person types it into a KPI field, read without guessing. "1,200" is twelve
// hundred (a thousands separator: groups of three after a first group of 1–3 digits); "4,6"
// is 4.6 (one comma, not followed by exactly three digits: a decimal comma); "0,125" or
// "1234,567" could be either and is refused, as is "1.200,5" — the person rewrites it.
// Pure (no imports), so the browser test reads its rules directly.

export type NumberInput =
  | { ok: true; value: number | undefined }
  | { ok: false; problem: 'not_number' | 'ambiguous' };

const THOUSANDS = /^[1-9]\d{0,2}(,\d{3})+(\.\d+)?$/;
const DECIMAL_COMMA = /^\d+,\d+$/;
const PLAIN = /^(\d+(\.\d*)?|\.\d+)$/;

/** The number in `text` (blank: undefined), or why it is not read. */
export function readNumber(raw: string): NumberInput {
  const trimmed = raw.trim().replace(/\s/g, '');
  if (trimmed === '') return { ok: true, value: undefined };
  const negative = /^[-−]/.test(trimmed);
  let text = trimmed.replace(/^[-−+]/, '');
  if (text.includes(',')) {
    if (THOUSANDS.test(text)) text = text.replace(/,/g, '');
    else if (DECIMAL_COMMA.test(text) && !/,\d{3}$/.test(text)) text = text.replace(',', '.');
    else return { ok: false, problem: /^[\d.,]+$/.test(text) ? 'ambiguous' : 'not_number' };
  }
  if (!PLAIN.test(text)) return { ok: false, problem: 'not_number' };
  const value = Number(text);
  if (!Number.isFinite(value)) return { ok: false, problem: 'not_number' };
  return { ok: true, value: negative ? -value : value };
}
