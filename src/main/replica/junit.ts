// JUnit XML (as written by JUnit, pytest, Jest, Vitest, Maven Surefire…) → one result per <testcase>.
// Bad XML is refused as a whole with where it went wrong; nothing is imported.
import { LocalWriteError } from './local-writer';

export interface JunitResult {
  /** classname.name, and name alone: either may be a case's automation id. */
  ids: string[];
  name: string;
  status: 'PASSED' | 'FAILED' | 'BLOCKED' | 'SKIPPED';
  message: string;
  durationSeconds: number | null;
}

type Node = Record<string, unknown>;
const list = (value: unknown): Node[] => (value === undefined ? [] : Array.isArray(value) ? (value as Node[]) : [value as Node]);

function text(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node;
  const n = node as Node;
  return String(n['@_message'] ?? n['#text'] ?? '');
}

/** Loaded on first use: the parser is not needed to start the replica host. */
export async function parseJunit(xml: string): Promise<JunitResult[]> {
  const { XMLParser, XMLValidator } = await import('fast-xml-parser');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new LocalWriteError('INVALID_ARGUMENT', `This is not valid XML (line ${valid.err.line}: ${valid.err.msg}). Nothing was imported.`);
  }
  const root = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_' }).parse(xml) as Node;
  const suites = [...list(root.testsuites && (root.testsuites as Node).testsuite), ...list(root.testsuite)];
  if (suites.length === 0) {
    throw new LocalWriteError('INVALID_ARGUMENT', 'This XML has no <testsuite>: it is not a JUnit report. Nothing was imported.');
  }
  const results: JunitResult[] = [];
  const walk = (suite: Node) => {
    for (const tc of list(suite.testcase)) {
      const name = String(tc['@_name'] ?? '').trim();
      if (!name) continue;
      const className = String(tc['@_classname'] ?? '').trim();
      const failure = tc.failure ?? tc.error;
      const status = failure !== undefined ? 'FAILED' : tc.skipped !== undefined ? 'SKIPPED' : 'PASSED';
      const time = Number(tc['@_time']);
      results.push({
        ids: className ? [`${className}.${name}`, name] : [name], name: className ? `${className}.${name}` : name, status,
        message: status === 'FAILED' ? text(failure).slice(0, 20_000) : status === 'SKIPPED' ? text(tc.skipped).slice(0, 20_000) : '',
        durationSeconds: Number.isFinite(time) ? Math.round(time) : null,
      });
    }
    for (const child of list(suite.testsuite)) walk(child);
  };
  for (const suite of suites) walk(suite);
  return results;
}
