import { useEffect } from 'react';
import { useAppStore } from './app-store';

export function App() {
  const { info, error, load } = useAppStore();
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <main className="shell">
      <h1>ProManage</h1>
      <p>Offline-first project and lifecycle management.</p>
      {info && (
        <p data-testid="app-version">
          {info.name} {info.version} on {info.platform}
        </p>
      )}
      {error && <p role="alert">{error}</p>}
    </main>
  );
}
