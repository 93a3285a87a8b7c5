// Test execution and change-request review are built in the next release of the desktop app.
export function NotYetHere({ screen }: { screen: 'test-execution' | 'change-requests' }) {
  const what = screen === 'test-execution' ? 'Test execution' : 'Change request review';
  return (
    <section className="empty-state" data-testid={`screen-${screen}`}>
      <h1>{what}</h1>
      <p>{what} is not available in this version of ProManage Desktop yet. Your test cases and change requests are already synced to this device.</p>
    </section>
  );
}
