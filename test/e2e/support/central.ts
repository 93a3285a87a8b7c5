// Central PostgreSQL for e2e specs: a fresh database per file (useTestDatabase), people and projects,
// and a TCP proxy in front of the server that a spec cuts to take the app offline.
import type { ConnectionSettings } from '../../../src/shared/ipc/domains/session';
import type { Fixture } from '../../support/fixture';
import { TcpProxy } from '../../support/tcp-proxy';
import type { Project, RoleName, User } from '../../support/world';
import type { Account } from '../pages/sign-in-page';

export function connectionThrough(fixture: Fixture, proxy?: TcpProxy): ConnectionSettings {
  const url = new URL(fixture.db.appUrl);
  return {
    host: '127.0.0.1', port: proxy ? proxy.port : Number(url.port || 5432), database: url.pathname.slice(1), sslMode: 'disable',
    user: decodeURIComponent(url.username), password: decodeURIComponent(url.password),
  };
}

export async function startProxy(fixture: Fixture): Promise<TcpProxy> {
  return new TcpProxy(Number(new URL(fixture.db.appUrl).port || 5432)).start();
}

export function accountOf(user: User): Account {
  return { organization: user.org.slug, email: user.email, password: user.password };
}

/** An organization, one project, and a member per role asked for. */
export async function team(fixture: Fixture, roles: RoleName[]): Promise<{ project: Project; users: User[] }> {
  const org = await fixture.world.org();
  const project = await fixture.world.project(org);
  const users: User[] = [];
  for (const role of roles) {
    const user = await fixture.world.user(org);
    await fixture.admin.query(`UPDATE app.users SET full_name = $2 WHERE id = $1`, [user.id, `${role === 'DOCUMENT_AUTHOR' ? 'Author' : 'Member'} ${users.length + 1}`]);
    await fixture.world.member(project, user, role);
    users.push(user);
  }
  return { project, users };
}

/** The text of a document as central holds it: its Yjs log merged (the authority), and the derived row. */
export async function centralText(fixture: Fixture, documentId: string): Promise<{ merged: string; row: string }> {
  const Y = await import('yjs');
  const { yXmlFragmentToProsemirrorJSON } = await import('@tiptap/y-tiptap');
  const { plainText } = await import('../../../src/main/replica/document-derive');
  const { rows } = await fixture.admin.query<{ update_data: Buffer }>(
    'SELECT update_data FROM app.document_updates WHERE document_id = $1 AND deleted_at IS NULL ORDER BY sync_xid, id', [documentId]);
  const doc = new Y.Doc();
  for (const r of rows) Y.applyUpdate(doc, new Uint8Array(r.update_data));
  const merged = plainText(yXmlFragmentToProsemirrorJSON(doc.getXmlFragment('default')) as never);
  const row = (await fixture.admin.query<{ content: string }>('SELECT content FROM app.documents WHERE id = $1', [documentId])).rows[0]?.content ?? '';
  return { merged, row };
}
