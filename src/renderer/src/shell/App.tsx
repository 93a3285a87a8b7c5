import { useEffect } from 'react';
import { SignInScreen } from '../sign-in/SignInScreen';
import { useSession } from '../stores/session-store';
import { AppLayout } from './AppLayout';

export function App() {
  const { state, load } = useSession();
  useEffect(() => {
    void load();
  }, [load]);
  if (!state) return <div className="splash" aria-busy="true">Opening ProManage…</div>;
  if (state.status === 'signed-out') return <SignInScreen state={state} />;
  return <AppLayout key={state.user.id} user={state.user} server={state.server} />;
}
