import type { DesktopSession } from '../../desktop/session';
import type { Handlers } from '../router';

export function sessionHandlers(session: DesktopSession): Pick<Handlers, 'session:state' | 'session:signIn' | 'session:signOut'> {
  return {
    'session:state': () => session.state(),
    'session:signIn': (input) => session.signIn(input),
    'session:signOut': () => session.signOut(),
  };
}
