import { standardLayout } from './layout.ts';
import type { Standard } from './standard.ts';

/**
 * What a surveillance audit re-rates, as the body chose it: whole domains and single clauses.
 * Every other clause keeps the rating carried over from the last decided audit.
 */
export interface AuditSample {
  readonly domains: readonly string[];
  readonly clauses: readonly number[];
}

/** The sample's domain ids and clause numbers the standard does not have. */
export function unknownInSample(
  standard: Standard,
  sample: AuditSample,
): { domains: string[]; clauses: number[] } {
  const domains = new Set(standard.domains.map((d) => d.id));
  const clauses = new Set(standard.clauses.map((c) => c.number));
  return {
    domains: sample.domains.filter((d) => !domains.has(d)),
    clauses: sample.clauses.filter((c) => !clauses.has(c)),
  };
}

/**
 * The clause numbers to re-rate: every clause of the sampled domains and the listed clauses,
 * in the standard's order. No sample (null) is the whole standard.
 */
export function sampledClauses(standard: Standard, sample: AuditSample | null): number[] {
  if (!sample) return standard.clauses.map((c) => c.number);
  const { sectionById } = standardLayout(standard);
  const domains = new Set(sample.domains);
  const listed = new Set(sample.clauses);
  return standard.clauses
    .filter((c) => listed.has(c.number) || domains.has(sectionById.get(c.section)?.domain ?? ''))
    .map((c) => c.number);
}
