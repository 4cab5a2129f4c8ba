import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { loadConfig } from '../src/config.ts';
import { s3Client } from '../src/modules/evidence/evidence.s3.ts';

/**
 * A real S3-compatible server in the test process (s3rver, on a free port, its objects in a temp
 * directory), with `bucket` made, the S3_* settings that reach it, and a client to look inside.
 */
export interface TestS3 {
  readonly env: Record<string, string>;
  readonly client: S3Client;
  createBucket(name: string): Promise<void>;
  /** The keys in a bucket. */
  keys(bucket?: string): Promise<string[]>;
  /** An object's bytes. */
  object(key: string, bucket?: string): Promise<Buffer>;
  stop(): Promise<void>;
}

export async function startS3(bucket = 'ccmm-evidence'): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), 'ccmm-s3rver-'));
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = (await server.run()) as AddressInfo;
  const env = {
    S3_BUCKET: bucket,
    S3_ENDPOINT: `http://127.0.0.1:${port}`,
    S3_REGION: 'us-east-1',
    S3_FORCE_PATH_STYLE: 'true',
    // s3rver's own keys: it checks every request's signature against them.
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
  };
  const settings = loadConfig(env, directory).s3;
  if (!settings) throw new Error('S3 settings not read');
  const client = s3Client(settings);
  return {
    env,
    client,
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    async keys(name = bucket) {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: name }));
      return (listed.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : []));
    },
    async object(key, name = bucket) {
      const { Body } = await client.send(new GetObjectCommand({ Bucket: name, Key: key }));
      const parts: Buffer[] = [];
      for await (const part of Body as Readable) parts.push(part as Buffer);
      return Buffer.concat(parts);
    },
    async stop() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
