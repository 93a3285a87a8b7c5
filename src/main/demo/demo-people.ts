// The demo organization's people. Their passwords are shown on the demo sign-in only: the demo
// database lives on this computer and holds nothing but this sample content.
import type { DemoUser } from '../../shared/ipc/domains/demo';

export const DEMO_ORGANIZATION = { slug: 'northwind-demo', name: 'Northwind Medical (demo)' };

export const DEMO_USERS: readonly (DemoUser & { projectRole: 'TESTER' | 'DOCUMENT_AUTHOR' | 'PROJECT_MANAGER'; orgAdmin: boolean })[] = [
  {
    key: 'tester', fullName: 'Tess Okafor', email: 'tess@northwind.demo', password: 'Tester-demo-2026', role: 'Tester',
    description: 'Executes test runs in the lab, often offline.', projectRole: 'TESTER', orgAdmin: false,
  },
  {
    key: 'author', fullName: 'Dana Lindqvist', email: 'dana@northwind.demo', password: 'Author-demo-2026', role: 'Document author',
    description: 'Writes requirements and plans, with version history.', projectRole: 'DOCUMENT_AUTHOR', orgAdmin: false,
  },
  {
    key: 'manager', fullName: 'Max Ferreira', email: 'max@northwind.demo', password: 'Manager-demo-2026', role: 'Manager',
    description: 'Reviews and approves change requests; administers the organization.', projectRole: 'PROJECT_MANAGER', orgAdmin: true,
  },
];
