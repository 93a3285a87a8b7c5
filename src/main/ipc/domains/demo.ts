import type { DemoCentral } from '../../demo/demo-central';
import { DEMO_ORGANIZATION, DEMO_USERS } from '../../demo/demo-people';
import type { DesktopSession } from '../../desktop/session';
import { AppError } from '../router';
import type { Handlers } from '../router';

export function demoHandlers(session: DesktopSession, openDemo: () => Promise<DemoCentral>): Pick<Handlers, 'demo:open' | 'demo:signIn'> {
  const open = async () => {
    try {
      await openDemo();
    } catch (error) {
      throw new AppError({
        code: 'INTERNAL', message: `The demo workspace could not start: ${(error as Error).message}`,
        hint: 'Try again; if it keeps failing, delete the demo-central folder in the app data folder to recreate it.',
      });
    }
  };
  return {
    'demo:open': async () => {
      await open();
      return {
        organization: DEMO_ORGANIZATION.slug, organizationName: DEMO_ORGANIZATION.name,
        users: DEMO_USERS.map(({ key, fullName, email, password, role, description }) => ({ key, fullName, email, password, role, description })),
      };
    },
    'demo:signIn': async ({ email, password }) => {
      await open();
      return session.signInDemo({ organization: DEMO_ORGANIZATION.slug, email, password });
    },
  };
}
