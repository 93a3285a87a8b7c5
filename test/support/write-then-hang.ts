// Child process for the "killed between local commit and push" test: writes through the local write
// API, says so, then waits to be killed.
import { LocalWriter } from '../../src/main/replica/local-writer';
import { ReplicaStore } from '../../src/main/replica/replica-store';

const [path = '', projectId = '', title = ''] = process.argv.slice(2);
const store = new ReplicaStore(path);
const { id } = new LocalWriter(store).create('document', projectId, { title });
process.stdout.write(`written ${id}\n`);
setInterval(() => undefined, 60_000);
