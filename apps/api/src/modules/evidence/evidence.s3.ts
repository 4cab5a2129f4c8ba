import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  S3Client as Client,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { type Database, type Executor, schema } from '@ccmm/db';
import { type Config, ConfigError, type S3Settings } from '../../config.ts';
import {
  type ContentStore,
  contentPlace,
  databaseContentStore,
  lockContent,
  openContent,
} from './evidence.storage.ts';

// Evidence content in an S3-compatible bucket (S3_*): the bytes of each content one object,
// `evidence/<sha256>`, written by a streamed upload (parts of 5 MiB, one at a time) and read by
// streaming GetObject's body, never whole in memory. The content's row stays in the database
// (evidence_contents, without chunks), written in the transaction that records the evidence,
// after its object: a row always has its bytes. An object whose transaction then failed, or whose
// last evidence was removed, is deleted afterwards under the content's lock (release), so an
// upload of the same content on another process is never robbed of its object.

const { evidenceContents } = schema;

/** S3's smallest part (all but the last), and one part in flight: 5 MiB of memory per upload. */
const PART_BYTES = 5 * 1024 * 1024;

const objectKey = (sha256: string) => `evidence/${sha256}`;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export function s3Client(settings: S3Settings): S3Client {
  return new Client({
    region: settings.region,
    endpoint: settings.endpoint,
    forcePathStyle: settings.forcePathStyle,
    credentials: settings.credentials,
    // Checksums only where S3 requires them: other S3-compatible servers (MinIO before 2025, …)
    // do not all take the newer trailing checksums. Each content's SHA-256 is checked anyway.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** Where the settings point, for messages. */
const described = (settings: S3Settings) =>
  `bucket ${settings.bucket} at ${settings.endpoint ?? `AWS S3 (${settings.region})`}`;

/** Whether the bucket is there and opens with the credentials: a start-up error naming the setting otherwise. */
export async function checkBucket(client: S3Client, settings: S3Settings): Promise<void> {
  try {
    await client.send(new HeadBucketCommand({ Bucket: settings.bucket }));
  } catch (error) {
    const failure = error as Error & { $metadata?: { httpStatusCode?: number } };
    const status = failure.$metadata?.httpStatusCode;
    const where = described(settings);
    if (status === 404)
      throw new ConfigError([`S3_BUCKET: there is no ${where} (create it, or name the right one)`]);
    if (status === 401 || status === 403)
      throw new ConfigError([
        `S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: the ${where} refuses them (HTTP ${status}): wrong keys, or no access to the bucket`,
      ]);
    if (failure.name === 'CredentialsProviderError')
      throw new ConfigError([
        `S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: not set, and the AWS SDK finds no credentials of its own (AWS_* variables, a profile, an instance or task role): ${failure.message}`,
      ]);
    if (status !== undefined)
      throw new ConfigError([`S3_BUCKET: the ${where} answers HTTP ${status} (${failure.name})`]);
    throw new ConfigError([
      `${settings.endpoint ? 'S3_ENDPOINT' : 'S3_REGION'}: cannot reach the ${where}: ${failure.message}`,
    ]);
  }
}

/**
 * Content in the bucket. Content whose bytes are in the database (stored before S3_* was set)
 * is read from there; new content goes to the bucket.
 */
export function s3ContentStore(db: Database, settings: S3Settings, client: S3Client): ContentStore {
  const Bucket = settings.bucket;

  /** Uploads the object, checking the bytes against `sha256` as they pass: the size. */
  async function upload(sha256: string, source: Readable): Promise<number> {
    const hash = createHash('sha256');
    let size = 0;
    async function* counted(): AsyncGenerator<Buffer> {
      for await (const piece of source) {
        const buffer = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
        hash.update(buffer);
        size += buffer.length;
        yield buffer;
      }
    }
    await new Upload({
      client,
      params: { Bucket, Key: objectKey(sha256), Body: Readable.from(counted()) },
      partSize: PART_BYTES,
      queueSize: 1,
    }).done();
    if (hash.digest('hex') !== sha256) throw new Error(`content does not hash to ${sha256}`);
    return size;
  }

  return {
    kind: 's3',

    async put(tx: Executor, sha256: string, source: () => Readable) {
      if ((await contentPlace(tx, sha256)) !== 'none') return { stored: false, size: 0 };
      const size = await upload(sha256, source());
      await tx.insert(evidenceContents).values({ sha256, size, chunks: 0 });
      return { stored: true, size };
    },

    async restore(_tx, sha256, source) {
      await upload(sha256, source);
    },

    async release(sha256: string) {
      await db.transaction(async (tx) => {
        await lockContent(tx, sha256);
        if ((await contentPlace(tx, sha256)) === 'none')
          await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(sha256) }));
      });
    },

    async sweepOrphans(cutoff: Date) {
      let removed = 0;
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket, Prefix: 'evidence/', ContinuationToken }),
        );
        for (const object of page.Contents ?? []) {
          const sha256 = object.Key?.slice('evidence/'.length) ?? '';
          if (!SHA256_HEX.test(sha256) || !object.LastModified || object.LastModified >= cutoff) continue;
          const deleted = await db.transaction(async (tx) => {
            await lockContent(tx, sha256);
            if ((await contentPlace(tx, sha256)) !== 'none') return false;
            await client.send(new DeleteObjectCommand({ Bucket, Key: objectKey(sha256) }));
            return true;
          });
          if (deleted) removed += 1;
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return removed;
    },

    has: async (sha256: string) => (await contentPlace(db, sha256)) !== 'none',

    open(sha256: string): Readable {
      async function* bytes(): AsyncGenerator<Buffer> {
        if ((await contentPlace(db, sha256)) !== 'object') {
          yield* openContent(db, sha256);
          return;
        }
        const { Body } = await client.send(new GetObjectCommand({ Bucket, Key: objectKey(sha256) }));
        if (!(Body instanceof Readable)) throw new Error(`evidence content ${sha256}: no body from S3`);
        yield* Body;
      }
      return Readable.from(bytes(), { objectMode: false });
    },

    close: () => client.destroy(),
  };
}

/**
 * The content store the settings name: the bucket when S3_BUCKET is set (checked first: a
 * missing bucket or refused keys stop start-up, naming the setting), else the database.
 */
export async function openContentStore(config: Config, db: Database): Promise<ContentStore> {
  if (!config.s3) return databaseContentStore(db);
  const client = s3Client(config.s3);
  try {
    await checkBucket(client, config.s3);
  } catch (error) {
    client.destroy();
    throw error;
  }
  return s3ContentStore(db, config.s3, client);
}
