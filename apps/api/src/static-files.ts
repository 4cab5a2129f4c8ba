import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';

/**
 * adapter-node serves the web app's built files with sirv, which pipes a file stream into the
 * answer with no error listener: a file gone since start-up (a new build written over a running
 * process) threw out of the process and stopped it for everyone. Any stream piped into `res`
 * that fails now cuts that one answer instead (its headers may already be sent), and is reported.
 */
export function cutAnswerOnFailedStream(res: ServerResponse, report: (error: Error) => void): void {
  res.once('pipe', (source: Readable) => {
    source.once('error', (error: Error) => {
      report(error);
      res.destroy();
    });
  });
}
