import type { Database } from '@ccmm/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.ts';
import { errors } from '../errors.ts';
import { openContentStore } from '../modules/evidence/evidence.s3.ts';
import type { ContentStore } from '../modules/evidence/evidence.storage.ts';
import type { LoadedStandard } from '../modules/standards/standards.loader.ts';

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    db: Database;
    standards: StandardRegistry;
    /** Where evidence content's bytes are kept: the database, or the S3 bucket of S3_*. */
    evidenceContent: ContentStore;
  }
}

export class StandardRegistry {
  private readonly loaded: Map<string, LoadedStandard>;
  constructor(loaded: ReadonlyMap<string, LoadedStandard>) {
    this.loaded = new Map(loaded);
  }
  all(): LoadedStandard[] {
    return [...this.loaded.values()];
  }
  /** The editions that are published: the ones assessments may start on. */
  published(): LoadedStandard[] {
    return this.all().filter((s) => s.pack.status === 'published');
  }
  /**
   * An edition uploaded, or published, while the server runs (the database row is written
   * first; a restart loads it from there).
   */
  set(loaded: LoadedStandard): void {
    this.loaded.set(loaded.ref, loaded);
    this.clauseNumbers.delete(loaded.ref);
  }
  find(ref: string): LoadedStandard | undefined {
    return this.loaded.get(ref);
  }
  /** Those of `clauses` the version does not have. */
  unknownClauses(ref: string, clauses: readonly number[]): number[] {
    let known = this.clauseNumbers.get(ref);
    if (!known) {
      known = new Set(this.get(ref).pack.clauses.map((c) => c.number));
      this.clauseNumbers.set(ref, known);
    }
    const have = known;
    return clauses.filter((c) => !have.has(c));
  }
  private readonly clauseNumbers = new Map<string, Set<number>>();
  get(ref: string): LoadedStandard {
    const found = this.loaded.get(ref);
    if (!found) throw errors.notFound('standard.not_found', { ref });
    return found;
  }
  /** The newest published version: the highest version (numeric parts compared as numbers). */
  newest(): string {
    const [newest] = this.published().sort(
      (x, y) =>
        y.pack.version.localeCompare(x.pack.version, 'en', { numeric: true }) || y.ref.localeCompare(x.ref),
    );
    if (!newest) throw errors.notFound('standard.not_found', { ref: '' });
    return newest.ref;
  }
}

/**
 * What every area shares: settings, the database, the loaded standard versions and the evidence
 * content store (an S3 bucket is checked here: a missing one stops start-up).
 */
export const context = fp(
  async (
    fastify: FastifyInstance,
    opts: { config: Config; db: Database; standards: ReadonlyMap<string, LoadedStandard> },
  ) => {
    fastify.decorate('config', opts.config);
    fastify.decorate('db', opts.db);
    fastify.decorate('standards', new StandardRegistry(opts.standards));
    const content = await openContentStore(opts.config, opts.db);
    fastify.decorate('evidenceContent', content);
    fastify.addHook('onClose', async () => content.close());
  },
  { name: 'context' },
);
