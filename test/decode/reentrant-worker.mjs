// Worker half of reentrant.test.ts: decodes the lawsuit scenario (each exchange twice) and posts the fingerprints.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runInWorker } = await import('./reentrant-work.ts');
parentPort.postMessage(await runInWorker());
