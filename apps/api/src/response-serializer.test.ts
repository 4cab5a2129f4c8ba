import { evaluateEligibility } from '@ccmm/engine';
import { loadPackFile, packFile, SHIPPED_STANDARDS_DIR } from '@ccmm/standard';
import { isResponseSerializationError } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { safeEncode, safeParse } from 'zod/v4/core';
import { timestamp } from './http.ts';
import { eligibility } from './modules/assessments/eligibility.schemas.ts';
import { holdsCodec, serializerCompiler } from './response-serializer.ts';

const serializer = (schema: z.ZodType) =>
  serializerCompiler({ schema, method: 'GET', url: '/x', httpStatus: '200' });

describe('the response serializer', () => {
  it('finds a codec wherever it is held, and answers yes for a kind it does not know', () => {
    expect(holdsCodec(z.object({ a: z.string(), b: z.array(z.int().nullable()) }))).toBe(false);
    expect(holdsCodec(z.object({ a: z.array(z.object({ at: timestamp.optional() })) }))).toBe(true);
    expect(holdsCodec(z.union([z.string(), z.object({ at: timestamp })]))).toBe(true);
    expect(holdsCodec(z.string().transform((s) => s.length))).toBe(true);
    expect(holdsCodec(z.lazy(() => z.object({ at: timestamp })))).toBe(true);
    expect(holdsCodec(z.date())).toBe(true);
    const tree: z.ZodType = z.object({ name: z.string(), children: z.array(z.lazy(() => tree)) });
    expect(holdsCodec(tree)).toBe(false);
    expect(holdsCodec(eligibility)).toBe(false);
  });

  it('writes the same JSON as encoding would for the eligibility answer, parsed on the fast path', async () => {
    const loaded = await loadPackFile(
      packFile(SHIPPED_STANDARDS_DIR, { standard: 'cc-cmm-oc', version: '2017' }),
    );
    const standard = loaded.pack;
    if (!standard) throw new Error('the 2017 pack does not load');
    const ratings = standard.clauses.map((c, i) => ({
      clause: c.number,
      c: i % 3 === 0 ? 5 : 10,
      f: i % 4 === 0 ? 0 : i % 7 === 0 ? null : 10,
    })) as Parameters<typeof evaluateEligibility>[1];
    const answer = {
      assessmentId: '3f0c2a8e-8d7b-4c1e-9a55-0b6f1d2e4a10',
      ...evaluateEligibility(standard, ratings, { operatingYears: 4 }),
    };
    expect(answer.gap?.changes.length).toBeGreaterThan(0);
    const written = serializer(eligibility)(answer);
    expect(written).toBe(JSON.stringify(safeEncode(eligibility, answer).data));
    expect(written).toBe(JSON.stringify(safeParse(eligibility, answer).data));
  });

  it('strips what the schema does not declare and refuses what it does not allow, both ways', () => {
    const plain = serializer(z.object({ id: z.string() }));
    expect(plain({ id: 'a', passwordHash: 'secret' })).toBe('{"id":"a"}');
    const dated = serializer(z.object({ id: z.string(), at: timestamp }));
    expect(dated({ id: 'a', at: new Date('2026-11-29T08:00:00Z'), secret: 1 })).toBe(
      '{"id":"a","at":"2026-11-29T08:00:00.000Z"}',
    );
    for (const [write, data] of [
      [plain, { id: 1 }],
      [dated, { id: 'a', at: 'not a date' }],
    ] as const) {
      let thrown: unknown;
      try {
        write(data);
      } catch (error) {
        thrown = error;
      }
      expect(isResponseSerializationError(thrown)).toBe(true);
    }
  });
});
